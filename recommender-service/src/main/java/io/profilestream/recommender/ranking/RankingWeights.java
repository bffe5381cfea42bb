package io.profilestream.recommender.ranking;

import io.profilestream.recommender.config.RecommenderSettings;

/**
 * The knobs of {@link AffinityPopularityRanker}.
 *
 * @param categoryWeight        weight of the category share
 * @param brandWeight           weight of the brand share
 * @param exploration           constant added to the affinity
 * @param topCategories         user categories that feed candidates
 * @param candidatesPerCategory candidates per category and from the global list
 */
public record RankingWeights(double categoryWeight, double brandWeight, double exploration, int topCategories,
                             int candidatesPerCategory) {

    /** The ranking part of the service settings. */
    public static RankingWeights from(RecommenderSettings settings) {
        return new RankingWeights(settings.categoryWeight(), settings.brandWeight(), settings.exploration(),
                settings.topCategories(), settings.candidatesPerCategory());
    }
}
