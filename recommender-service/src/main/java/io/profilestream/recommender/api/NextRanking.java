package io.profilestream.recommender.api;

import io.profilestream.ml.serving.ServingModel;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.recommender.cache.RankedList;
import io.profilestream.recommender.cache.RankedListCache;
import io.profilestream.recommender.cache.RankingAhead;
import io.profilestream.recommender.catalogue.CatalogueIndex;
import io.profilestream.recommender.config.RecommenderSettings;
import io.profilestream.recommender.impressions.ShownItems;
import io.profilestream.recommender.metrics.RecommenderMetrics;
import io.profilestream.recommender.neural.NeuralRecommender;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, after a list was served from a user's cached ranking, whether their next request will
 * need a new ranking, and if so has {@link RankingAhead} compute it off the request thread.
 *
 * <p>The next request's exclusions are predicted as the impressions topology will fold this
 * answer: the shown items with this list added ({@link ShownItems#add}), those shown
 * {@code maxTimesShown} times, and the purchases. The new ranking replaces the old one only while
 * the old one is still cached ({@link RankedListCache#replace}), so an erasure's invalidation in
 * between is never undone; and the cache serves it only to requests that exclude at least what it
 * was computed without, so a wrong guess never changes an answer. It costs the work, and the
 * requests that arrive before the impression is folded (they no longer find the old ranking, so
 * they rank again themselves). Thread-safe.
 */
final class NextRanking {

    private static final Logger LOG = LoggerFactory.getLogger(NextRanking.class);

    private final RankingAhead ahead;
    private final RankedListCache cache;
    private final NeuralRecommender neural;
    private final CatalogueIndex index;
    private final RecommenderMetrics metrics;
    private final RecommenderSettings settings;

    NextRanking(RankingAhead ahead, RankedListCache cache, NeuralRecommender neural, CatalogueIndex index,
                RecommenderMetrics metrics, RecommenderSettings settings) {
        this.ahead = ahead;
        this.cache = cache;
        this.neural = neural;
        this.index = index;
        this.metrics = metrics;
        this.settings = settings;
    }

    /**
     * After {@code served} came from {@code ranking} for a request of k: ranks ahead when the same
     * request, once this impression is folded, would find fewer than k items in the ranking.
     *
     * @param shown the user's shown items this request was filtered with
     */
    void afterServing(String userKey, UserProfile profile, ShownItems shown, ServingModel model, int k,
                      RankedList ranking, List<RecommendationResponse.Item> served) {
        if (!ahead.enabled() || ranking.exactItems() < cache.depth()) {
            // Ranking again cannot list more: the exact prefix already holds the model's whole fixed set.
            return;
        }
        int last = settings.maxTimesShown() - 1;
        if (served.stream().noneMatch(item -> shown.timesShown(item.itemId()) == last)) {
            // No item reaches the limit with this impression: the next request excludes at most what
            // this one did (items may be forgotten, none added), so the same k stay eligible. The
            // common case, checked without copying anything.
            return;
        }
        ShownItems next = shown.add(served.stream().map(RecommendationResponse.Item::itemId).toList(),
                settings.shownItemsKept());
        Set<String> fixed = Set.copyOf(RecommendationService.ownExclusions(profile, next, settings.maxTimesShown()));
        if (fixed.equals(ranking.computedWithout()) || eligible(ranking, k, fixed, index.outOfStockIds())) {
            return;
        }
        ahead.schedule(userKey, () -> rank(model, profile, fixed)
                .filter(list -> cache.replace(userKey, ranking, profile, list))
                .ifPresent(list -> metrics.rankedAhead()));
    }

    private Optional<RankedList> rank(ServingModel model, UserProfile profile, Set<String> without) {
        try {
            return neural.recommend(model, profile.neural(), cache.depth(), without)
                    .flatMap(deep -> RankedList.of(deep, without));
        } catch (RuntimeException e) {
            // Nothing was answered from this: the user's next request ranks on its own thread and
            // counts and logs a failure there. Never the user id here.
            LOG.warn("Model {} failed to rank ahead; the next request ranks itself", model.version(), e);
            return Optional.empty();
        }
    }

    /** Whether the ranking's exact prefix holds at least k items in neither set. */
    private static boolean eligible(RankedList ranking, int k, Set<String> excluded, Set<String> outOfStock) {
        Set<String> listed = new HashSet<>();
        for (int i = 0; i < ranking.exactItems() && listed.size() < k; i++) {
            String itemId = ranking.itemId(i);
            if (!excluded.contains(itemId) && !outOfStock.contains(itemId)) {
                listed.add(itemId);
            }
        }
        return listed.size() == k;
    }
}
