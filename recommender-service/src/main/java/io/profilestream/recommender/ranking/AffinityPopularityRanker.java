package io.profilestream.recommender.ranking;

import io.profilestream.model.catalogue.CatalogueItem;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.recommender.catalogue.CatalogueIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * First ranking strategy: popular items, boosted by how much the user cares about their
 * category and brand.
 *
 * <p>Candidates are the most popular eligible items of the user's strongest categories plus the
 * most popular eligible items overall; eligible means in stock and not already bought. Each is
 * scored {@code (categoryWeight * categoryShare + brandWeight * brandShare + exploration) *
 * popularity}, where the shares come from the profile's {@code DecayedScores.shares()} and
 * popularity is the item's current popularity over the highest current popularity among the
 * candidates. Ties go to the lower item id, so results are deterministic.
 *
 * <p>Pure apart from reading the index: no clock, no I/O. All items decay by the same factor,
 * so the ratio of two current popularities is the same at every instant; it is computed at the
 * newest {@code popularityAsOf} among the candidates (factors at most one, no overflow) rather
 * than from the index's ordering keys, whose absolute-time term costs about 1e-12 of precision.
 */
public final class AffinityPopularityRanker {

    /** Strategy name for users with a profile. */
    public static final String AFFINITY_POPULARITY = "affinity-popularity";
    /** Strategy name for users nothing is known about. */
    public static final String POPULAR = "popular";

    private static final Comparator<RankedItem> BEST_FIRST = Comparator.comparingDouble(RankedItem::score).reversed()
            .thenComparing(r -> r.item().itemId());

    private final CatalogueIndex index;
    private final RankingWeights weights;

    public AffinityPopularityRanker(CatalogueIndex index, RankingWeights weights) {
        this.index = index;
        this.weights = weights;
    }

    /**
     * Ranks items for a user.
     *
     * @param profile the user's profile, or null when the user is unknown (popularity fallback)
     * @param k       how many items to return at most (positive)
     */
    public Ranking rank(UserProfile profile, int k) {
        return rank(profile, k, Set.of());
    }

    /**
     * Ranks items for a user, never returning an item of {@code excluded} (on top of the
     * ranker's own rule: in stock and not bought).
     *
     * @param profile  the user's profile, or null when the user is unknown (popularity fallback)
     * @param k        how many items to return at most (positive)
     * @param excluded item ids the caller rules out (shown too often, already listed by another path)
     */
    public Ranking rank(UserProfile profile, int k, Set<String> excluded) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        return profile == null ? popular(k, excluded) : personal(profile, k, excluded);
    }

    private Ranking popular(int k, Set<String> excluded) {
        List<CatalogueItem> candidates = index.topPopular(Math.max(k, weights.candidatesPerCategory()),
                item -> item.inStock() && !excluded.contains(item.itemId()));
        Popularity relative = new Popularity(candidates);
        List<RankedItem> ranked = new ArrayList<>(candidates.size());
        for (CatalogueItem item : candidates) {
            double popularity = relative.of(item);
            ranked.add(new RankedItem(item, popularity, 0.0, 0.0, popularity));
        }
        return new Ranking(POPULAR, true, best(ranked, k));
    }

    private Ranking personal(UserProfile profile, int k, Set<String> excluded) {
        Set<String> purchased = new HashSet<>(profile.purchasedItems());
        Predicate<CatalogueItem> eligible = item -> item.inStock() && !purchased.contains(item.itemId())
                && !excluded.contains(item.itemId());
        int perList = weights.candidatesPerCategory();

        Map<String, CatalogueItem> candidates = new LinkedHashMap<>();
        for (String category : profile.categoryAffinity().topShares(weights.topCategories()).keySet()) {
            index.topPopular(category, perList, eligible).forEach(item -> candidates.putIfAbsent(item.itemId(), item));
        }
        // The global list is at least k long so a user with narrow interests still gets k items.
        index.topPopular(Math.max(k, perList), eligible).forEach(item -> candidates.putIfAbsent(item.itemId(), item));

        Map<String, Double> categoryShares = profile.categoryAffinity().shares();
        Map<String, Double> brandShares = profile.brandAffinity().shares();
        Popularity relative = new Popularity(candidates.values());
        List<RankedItem> ranked = new ArrayList<>(candidates.size());
        for (CatalogueItem item : candidates.values()) {
            double category = share(categoryShares, item.category());
            double brand = share(brandShares, item.brand());
            double popularity = relative.of(item);
            double score = (weights.categoryWeight() * category + weights.brandWeight() * brand + weights.exploration())
                    * popularity;
            ranked.add(new RankedItem(item, score, category, brand, popularity));
        }
        return new Ranking(AFFINITY_POPULARITY, false, best(ranked, k));
    }

    /** Current popularity relative to the most popular of a candidate set. */
    private final class Popularity {
        private final Instant reference;
        private final double max;

        Popularity(Collection<CatalogueItem> candidates) {
            Instant newest = null;
            for (CatalogueItem item : candidates) {
                Instant asOf = item.popularityAsOf();
                if (asOf != null && (newest == null || asOf.isAfter(newest))) {
                    newest = asOf;
                }
            }
            reference = newest;
            double highest = 0.0;
            for (CatalogueItem item : candidates) {
                highest = Math.max(highest, at(item));
            }
            max = highest;
        }

        /** In [0, 1]; 0 when no candidate has any popularity. */
        double of(CatalogueItem item) {
            return max > 0 ? at(item) / max : 0.0;
        }

        private double at(CatalogueItem item) {
            return reference == null ? 0.0 : index.popularityAt(item, reference);
        }
    }

    private static double share(Map<String, Double> shares, String key) {
        return key == null ? 0.0 : shares.getOrDefault(key, 0.0);
    }

    private static List<RankedItem> best(List<RankedItem> ranked, int k) {
        ranked.sort(BEST_FIRST);
        return ranked.size() > k ? ranked.subList(0, k) : ranked;
    }
}
