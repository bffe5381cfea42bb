package io.profilestream.recommender.api;

import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.serving.ServingModel;
import io.profilestream.model.impression.Impression;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.recommender.cache.RankedList;
import io.profilestream.recommender.cache.RankedListCache;
import io.profilestream.recommender.cache.RankingAhead;
import io.profilestream.recommender.catalogue.CatalogueIndex;
import io.profilestream.recommender.config.RecommenderSettings;
import io.profilestream.recommender.impressions.ImpressionRecorder;
import io.profilestream.recommender.impressions.ShownItems;
import io.profilestream.recommender.metrics.RecommenderMetrics;
import io.profilestream.recommender.neural.NeuralRecommender;
import io.profilestream.recommender.ranking.AffinityPopularityRanker;
import io.profilestream.recommender.ranking.Ranking;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a recommendation request for a raw user id: pseudonymises it with the privacy
 * filter's key (the raw id is never stored or logged), finds the profile and what the user has
 * already been shown, then serves the model's list, filled or replaced by popularity when the
 * model cannot serve the user, and records what was shown.
 *
 * <p>Business filters, on every path: items the user bought, items out of stock, and items
 * shown to the user at least {@code maxTimesShown} times are never recommended.
 *
 * <p>The model is taken from the registry once per request, so a hot swap in the middle of a
 * request cannot mix two versions.
 *
 * <p>The model's ranking is cached per user ({@link RankedListCache}): computed {@code depth}
 * items deep with the user's own exclusions (purchased, shown too often), and filtered for stock
 * and items shown since at serve time. A cached ranking is served only when the request excludes
 * everything it was computed without and its exact prefix still holds {@code k} items after the
 * filters; otherwise it is ranked again (and cached) when that can help, and the list is computed
 * as without a cache when even that cannot serve the request. So a cached answer has the same
 * items, order, scores and path as an uncached one (see {@link RankedList} for why; with an
 * approximate retriever, the same up to which approximate items a deeper search finds).
 */
public final class RecommendationService {

    /** Path of an unknown user's answer. */
    public static final String POPULAR = "popular";
    /** Path of a known user's answer when the model cannot serve them. */
    public static final String CATEGORY_POPULAR = "category-popular";
    /** Appended to the model's path when popularity completed a short model list. */
    public static final String POPULAR_FILL = "+popular-fill";
    /** {@link RecommendationResponse#strategy()} of answers the model contributed to. */
    public static final String NEURAL = "neural";

    private static final Logger LOG = LoggerFactory.getLogger(RecommendationService.class);

    /** What became of a request. */
    public sealed interface Outcome {
        /** Answered here. */
        record Answered(RecommendationResponse response) implements Outcome {
        }

        /** Another instance owns the user's profile; the request must go there. */
        record OwnedElsewhere(HostInfo owner) implements Outcome {
        }

        /**
         * Computed here by {@link RecommendationService#preview} and not served.
         *
         * @param profile the profile the answer was computed from, null for an unknown user
         */
        record Previewed(RecommendationResponse response, UserProfile profile) implements Outcome {
        }
    }

    private final Pseudonymizer pseudonymizer;
    private final Optional<Pseudonymizer> previous;
    private final StoreQueries stores;
    private final CatalogueIndex index;
    private final AffinityPopularityRanker ranker;
    private final ModelRegistry models;
    private final NeuralRecommender neural;
    private final ImpressionRecorder impressions;
    private final RecommenderMetrics metrics;
    private final Clock clock;
    private final RecommenderSettings settings;
    private final RankedListCache cache;
    private final NextRanking nextRanking;
    private final ResponseItems responseItems;

    /** Without key rotation, with a ranked-list cache of its own as {@code settings} describe. */
    public RecommendationService(Pseudonymizer pseudonymizer, StoreQueries stores, CatalogueIndex index,
                                 AffinityPopularityRanker ranker, ModelRegistry models, ImpressionRecorder impressions,
                                 RecommenderMetrics metrics, Clock clock, RecommenderSettings settings) {
        this(pseudonymizer, Optional.empty(), stores, index, ranker, models, impressions, metrics, clock, settings);
    }

    /**
     * With a ranked-list cache of its own as {@code settings} describe.
     *
     * @param previous the previous HMAC key during a key rotation's grace period: a user whose
     *                 profile has not moved to the new pseudonym yet (they have not shopped since
     *                 the rotation) is still served from the old one
     */
    public RecommendationService(Pseudonymizer pseudonymizer, Optional<Pseudonymizer> previous, StoreQueries stores,
                                 CatalogueIndex index, AffinityPopularityRanker ranker, ModelRegistry models,
                                 ImpressionRecorder impressions, RecommenderMetrics metrics, Clock clock,
                                 RecommenderSettings settings) {
        this(pseudonymizer, previous, stores, index, ranker, models, impressions, metrics, clock, settings,
                RankedListCache.from(settings));
    }

    /**
     * @param previous the previous HMAC key during a key rotation's grace period: a user whose
     *                 profile has not moved to the new pseudonym yet (they have not shopped since
     *                 the rotation) is still served from the old one
     * @param cache    model rankings per user, shared with the topology's erasure processor, which
     *                 invalidates them ({@link RankedListCache#disabled()}: none)
     */
    public RecommendationService(Pseudonymizer pseudonymizer, Optional<Pseudonymizer> previous, StoreQueries stores,
                                 CatalogueIndex index, AffinityPopularityRanker ranker, ModelRegistry models,
                                 ImpressionRecorder impressions, RecommenderMetrics metrics, Clock clock,
                                 RecommenderSettings settings, RankedListCache cache) {
        this(pseudonymizer, previous, stores, index, ranker, models, impressions, metrics, clock, settings, cache,
                RankingAhead.none());
    }

    /**
     * As the constructor above, ranking ahead with {@code ahead}: when a list served from a user's
     * cached ranking leaves fewer than k eligible items for their next request of k, the next
     * ranking is computed there, with the exclusions that this list's impression will add, and
     * cached in place of the old one unless that was invalidated meanwhile.
     */
    public RecommendationService(Pseudonymizer pseudonymizer, Optional<Pseudonymizer> previous, StoreQueries stores,
                                 CatalogueIndex index, AffinityPopularityRanker ranker, ModelRegistry models,
                                 ImpressionRecorder impressions, RecommenderMetrics metrics, Clock clock,
                                 RecommenderSettings settings, RankedListCache cache, RankingAhead ahead) {
        if (cache.enabled() && cache.depth() < settings.maxK()) {
            throw new IllegalArgumentException("the ranked-list cache's depth (" + cache.depth()
                    + ") must be at least profilestream.recommender.max-k (" + settings.maxK() + ")");
        }
        this.cache = cache;
        this.pseudonymizer = pseudonymizer;
        this.previous = previous;
        this.stores = stores;
        this.index = index;
        this.responseItems = new ResponseItems(index);
        this.ranker = ranker;
        this.models = models;
        this.neural = new NeuralRecommender(settings.neuralMinSteps(), metrics.inference());
        this.nextRanking = new NextRanking(ahead, cache, neural, index, metrics, settings);
        this.impressions = impressions;
        this.metrics = metrics;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * Recommends up to {@code k} items for the shop's user id.
     *
     * @throws ParameterOutOfRangeException when k is outside 1..maxK
     * @throws StoreUnavailableException when the profile cannot be looked up right now
     */
    public Outcome recommend(String rawUserId, int k) {
        return answer(rawUserId, k, true);
    }

    /**
     * What {@link #recommend} would answer right now, with the profile it used, without serving
     * it: no impression is recorded, so looking does not change what the user is shown next, and
     * {@value RecommenderMetrics#SERVED} and the cache counters do not count it. The ranked-list
     * cache is bypassed, which gives the same list (see the class comment). For the dashboard.
     *
     * @return {@link Outcome.Previewed} or {@link Outcome.OwnedElsewhere}
     * @throws ParameterOutOfRangeException when k is outside 1..maxK
     * @throws StoreUnavailableException when the profile cannot be looked up right now
     */
    public Outcome preview(String rawUserId, int k) {
        return answer(rawUserId, k, false);
    }

    private Outcome answer(String rawUserId, int k, boolean serving) {
        int maxK = settings.maxK();
        if (k < 1 || k > maxK) {
            throw new ParameterOutOfRangeException("k", "k must be between 1 and " + maxK + ", got " + k, 1, maxK);
        }
        long started = System.nanoTime();
        // The privacy filter pseudonymises the trimmed id; do the same so both find one user.
        String userKey = pseudonymizer.user(rawUserId.trim());
        ProfileLocation location = stores.locateProfile(userKey);
        if (location instanceof ProfileLocation.Remote remote) {
            return new Outcome.OwnedElsewhere(remote.owner());
        }
        ProfileLocation.Local here = (ProfileLocation.Local) location;
        UserProfile profile = here.profile().orElse(null);
        ShownItems shown = here.shown();
        if (profile == null && previous.isPresent()) {
            // Only when the old pseudonym's partition is local too: forwarding on the old key could
            // bounce between owners, since the owner re-checks the new key first. A user whose old
            // profile is on another instance gets the unknown-user path until their next event
            // moves the profile (docs/PRIVACY.md, key rotation).
            String oldKey = previous.get().user(rawUserId.trim());
            if (stores.locateProfile(oldKey) instanceof ProfileLocation.Local old && old.profile().isPresent()) {
                userKey = oldKey;
                profile = old.profile().get();
                shown = old.shown();
            }
        }
        ServingModel model = models.current().orElse(null);
        String modelVersion = model == null ? null : model.version();

        Set<String> ownExclusions = ownExclusions(profile, shown);
        Set<String> excluded = withOutOfStock(ownExclusions);
        Served served = serving && profile != null && model != null && cache.enabled()
                ? serveCached(userKey, profile, shown, model, k, ownExclusions, excluded)
                : serve(profile, model, k, excluded);
        Instant now = clock.instant();
        RecommendationResponse response = new RecommendationResponse(userKey, served.path(), modelVersion,
                served.strategy(), profile == null, k, now, profile == null ? 0 : profile.eventCount(), served.items());
        if (!serving) {
            return new Outcome.Previewed(response, profile);
        }
        impressions.record(new Impression(userKey, now, served.path(), modelVersion,
                served.items().stream().map(RecommendationResponse.Item::itemId).toList()));
        metrics.served(served.path(), System.nanoTime() - started);
        return new Outcome.Answered(response);
    }

    private record Served(String path, String strategy, List<RecommendationResponse.Item> items) {
    }

    /**
     * The model's answer from the user's cached ranking. When there is none (a miss), or the
     * cached one cannot serve this request (a refill: its exact prefix has fewer than k items left
     * after {@code excluded}, or an item it was computed without is eligible again), the ranking is
     * computed again, deep and without the user's own exclusions, and cached in place of the old
     * one, so the next requests of a user who keeps being shown new items are hits again. The
     * uncached answer when even the fresh ranking cannot serve the request, and straight away on
     * a refill that ranking again cannot help (see the comment in the body).
     *
     * @param ownExclusions the user's purchased items and items shown too often
     * @param excluded      {@code ownExclusions} and the items out of stock
     */
    private Served serveCached(String userKey, UserProfile profile, ShownItems shown, ServingModel model, int k,
                               Set<String> ownExclusions, Set<String> excluded) {
        RankedList cached = cache.get(userKey, model.version(), profile).orElse(null);
        boolean covers = cached != null && cached.servesWithout(excluded);
        List<RecommendationResponse.Item> items = covers ? topK(cached, k, excluded) : null;
        if (items != null) {
            metrics.cache(RecommenderMetrics.CacheResult.HIT);
            nextRanking.afterServing(userKey, profile, shown, model, k, cached, items);
            return new Served(cached.path(), NEURAL, items);
        }
        metrics.cache(cached == null ? RecommenderMetrics.CacheResult.MISS : RecommenderMetrics.CacheResult.REFILL);
        if (covers && (cached.exactItems() < cache.depth() || cached.computedWithout().equals(ownExclusions))) {
            // Ranking again cannot help: the list already holds every item the model would rank
            // over its fixed set (its exact prefix ended before the depth did), or it was computed
            // with these very exclusions. Answer uncached, with one model call instead of two.
            return serve(profile, model, k, excluded);
        }
        Set<String> without = Set.copyOf(ownExclusions);
        Optional<ServingModel.Recommendations> deep = fromModel(model, profile, cache.depth(), without);
        if (deep.isEmpty() || deep.get().items().isEmpty()) {
            // The model cannot serve this profile (or failed, already counted and logged): with
            // more exclusions it lists nothing either, so ask popularity without asking it again.
            return serve(profile, null, k, excluded);
        }
        RankedList ranking = RankedList.of(deep.get(), without).orElse(null);
        if (ranking != null) {
            cache.put(userKey, profile, ranking);
            items = topK(ranking, k, excluded);
            if (items != null) {
                nextRanking.afterServing(userKey, profile, shown, model, k, ranking, items);
            }
        }
        return items == null ? serve(profile, model, k, excluded) : new Served(ranking.path(), NEURAL, items);
    }

    /** The first k of the ranking's exact prefix not in {@code excluded}; null when fewer are left. */
    private List<RecommendationResponse.Item> topK(RankedList ranking, int k, Set<String> excluded) {
        List<RecommendationResponse.Item> items = new ArrayList<>(k);
        Set<String> listed = new HashSet<>();
        for (int i = 0; i < ranking.exactItems() && items.size() < k; i++) {
            String itemId = ranking.itemId(i);
            if (!excluded.contains(itemId) && listed.add(itemId)) {
                items.add(responseItems.of(ranking, i));
            }
        }
        return items.size() == k ? items : null;
    }

    /** The answer without the cache; {@code model} null: popularity only. */
    private Served serve(UserProfile profile, ServingModel model, int k, Set<String> excluded) {
        List<RecommendationResponse.Item> items = new ArrayList<>(k);
        Set<String> listed = new HashSet<>();
        String modelPath = null;
        if (profile != null && model != null) {
            Optional<ServingModel.Recommendations> fromModel = fromModel(model, profile, k, excluded);
            if (fromModel.isPresent() && !fromModel.get().items().isEmpty()) {
                modelPath = fromModel.get().path();
                for (ServingModel.Scored scored : fromModel.get().items()) {
                    // The model honours the exclusions; this guards the contract, not the common case.
                    if (items.size() < k && !excluded.contains(scored.itemId()) && listed.add(scored.itemId())) {
                        items.add(responseItems.of(scored));
                    }
                }
            }
        }
        if (items.size() == k) {
            return new Served(modelPath, NEURAL, items);
        }
        Set<String> fillExcluded = listed.isEmpty() ? excluded : union(excluded, listed);
        Ranking ranking = ranker.rank(profile, k - items.size(), fillExcluded);
        ranking.items().forEach(ranked -> items.add(ResponseItems.of(ranked)));
        if (modelPath != null) {
            return new Served(modelPath + POPULAR_FILL, NEURAL, items);
        }
        return new Served(profile == null ? POPULAR : CATEGORY_POPULAR, ranking.strategy(), items);
    }

    private Optional<ServingModel.Recommendations> fromModel(ServingModel model, UserProfile profile, int k,
                                                             Set<String> excluded) {
        try {
            return neural.recommend(model, profile.neural(), k, excluded);
        } catch (RuntimeException e) {
            // A model that throws for one profile must not turn into failed requests: popularity
            // answers, the counter and this line (never the user id) make it visible.
            metrics.neuralError();
            LOG.error("Model {} failed to serve a profile; answering with popularity instead", model.version(), e);
            return Optional.empty();
        }
    }

    /** The user's own exclusions: purchased and shown too often (with the items out of stock, excluded on every path). */
    private Set<String> ownExclusions(UserProfile profile, ShownItems shown) {
        return ownExclusions(profile, shown, settings.maxTimesShown());
    }

    /** Items bought ({@code profile} may be null) and items shown at least {@code maxTimesShown} times. */
    static Set<String> ownExclusions(UserProfile profile, ShownItems shown, int maxTimesShown) {
        Set<String> own = new HashSet<>(shown.shownAtLeast(maxTimesShown));
        if (profile != null) {
            own.addAll(profile.purchasedItems());
        }
        return own;
    }

    private Set<String> withOutOfStock(Set<String> ownExclusions) {
        Set<String> excluded = new HashSet<>(index.outOfStockIds());
        excluded.addAll(ownExclusions);
        return excluded;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
