package io.profilestream.recommender.ranking;

import java.util.List;

/**
 * The outcome of ranking for one user.
 *
 * @param strategy {@link AffinityPopularityRanker#AFFINITY_POPULARITY} or {@link AffinityPopularityRanker#POPULAR}
 * @param fallback true when nothing is known about the user and plain popularity was used
 * @param items    best first
 */
public record Ranking(String strategy, boolean fallback, List<RankedItem> items) {

    public Ranking {
        items = List.copyOf(items);
    }
}
