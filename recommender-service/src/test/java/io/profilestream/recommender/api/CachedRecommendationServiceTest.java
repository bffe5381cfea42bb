package io.profilestream.recommender.api;

import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.ITEMS;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.NOW;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.PSEUDONYMIZER;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.SESSION;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.item;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.key;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.profile;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.stepped;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.ml.NextItemModel;
import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.serving.ServingModel;
import io.profilestream.ml.serving.ServingModels;
import io.profilestream.ml.testing.TestModels;
import io.profilestream.model.catalogue.CatalogueItem;
import io.profilestream.model.impression.Impression;
import io.profilestream.model.profile.NeuralState;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.topic.Topics;
import io.profilestream.recommender.cache.RankedListCache;
import io.profilestream.recommender.catalogue.CatalogueIndex;
import io.profilestream.recommender.config.RecommenderSettings;
import io.profilestream.recommender.impressions.ImpressionRecorder;
import io.profilestream.recommender.impressions.ShownItems;
import io.profilestream.recommender.metrics.RecommenderMetrics;
import io.profilestream.recommender.ranking.AffinityPopularityRanker;
import io.profilestream.recommender.ranking.RankingWeights;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ranked-list cache on the request path, over real exported models: when a cached ranking is
 * served, when it is not, and that what it serves is what the service answers without it.
 */
class CachedRecommendationServiceTest {

    static final Duration TTL = Duration.ofSeconds(30);
    static final Duration MAX_AGE = Duration.ofMinutes(10);
    /** Each entry's share of the max-age jitter: 0.5 of 20 % takes 60 s off, so entries live 540 s. */
    static final double JITTER = 0.5;

    @TempDir
    static Path lstmModels;
    @TempDir
    static Path hybridModels;
    /** LSTM-order model (no ranker), 40 items: its whole ranking is exact. */
    static ServingModel lstm;
    static ModelRegistry lstmRegistry;
    /** Hybrid model, 40 items, top-{@value TestModels#HYBRID_CANDIDATES} candidates. */
    static ServingModel hybrid;
    static ModelRegistry hybridRegistry;

    final CatalogueIndex index = new CatalogueIndex(Duration.ofDays(1));
    final InMemoryStoreQueries stores = new InMemoryStoreQueries(index);
    final MockProducer<String, Impression> producer = new MockProducer<>(true, null,
            Topics.IMPRESSIONS.keySerde().serializer(), Topics.IMPRESSIONS.valueSerde().serializer());
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final AffinityPopularityRanker ranker = new AffinityPopularityRanker(index,
            RankingWeights.from(RecommenderSettings.defaults()));
    final AtomicLong nanos = new AtomicLong();
    final RankedListCache cache = cache(10);

    @BeforeAll
    static void exportModels() throws IOException {
        lstmRegistry = new ModelRegistry(lstmModels, ServingModels::load);
        TestModels.exportRandom(lstmModels, "v1", ITEMS, 8, 16, 1L);
        lstmRegistry.scan();
        lstm = lstmRegistry.current().orElseThrow();
        hybridRegistry = new ModelRegistry(hybridModels, ServingModels::load);
        TestModels.exportHybrid(hybridModels, "h1", ITEMS, 8, 16, 5L);
        hybridRegistry.scan();
        hybrid = hybridRegistry.current().orElseThrow();
    }

    @BeforeEach
    void catalogue() {
        List<CatalogueItem> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            items.add(item("item-" + i, "c" + (i % 4), 1 + i, true));
        }
        for (int i = 0; i < 5; i++) {
            items.add(item("extra-" + i, "c0", 100 + i, true));
        }
        index.replaceAll(items);
    }

    RankedListCache cache(int size) {
        return new RankedListCache(size, TTL, MAX_AGE, 100, nanos::get, () -> JITTER);
    }

    RecommendationService service(ModelRegistry models, RankedListCache rankings) {
        RecommenderMetrics metrics = new RecommenderMetrics(meters);
        return new RecommendationService(PSEUDONYMIZER, Optional.empty(), stores, index, ranker, models,
                new ImpressionRecorder(producer, metrics), metrics, Clock.fixed(NOW, ZoneOffset.UTC),
                RecommenderSettings.defaults(), rankings);
    }

    RecommendationResponse answer(RecommendationService service, String user, int k) {
        RecommendationService.Outcome outcome = service.recommend(user, k);
        assertThat(outcome).isInstanceOf(RecommendationService.Outcome.Answered.class);
        return ((RecommendationService.Outcome.Answered) outcome).response();
    }

    Map<String, Double> cacheCounts() {
        Map<String, Double> counts = new TreeMap<>();
        for (String result : List.of("hit", "miss", "refill")) {
            counts.put(result, meters.get(RecommenderMetrics.CACHE).tag("result", result).counter().count());
        }
        return counts;
    }

    static Map<String, Double> counts(double hit, double miss, double refill) {
        return Map.of("hit", hit, "miss", miss, "refill", refill);
    }

    /** The model's own top k for the state, as response items (what the uncached path serves). */
    List<RecommendationResponse.Item> direct(ServingModel model, NeuralState neural, int k, Set<String> excluded) {
        ServingModel.Recommendations r = model.recommend(new ServingModel.Query(
                new NextItemModel.State(neural.h(), neural.c()), neural.sessionItems(), k, excluded));
        assertThat(r.items()).hasSize(k);
        List<RecommendationResponse.Item> items = new ArrayList<>();
        for (ServingModel.Scored s : r.items()) {
            Map<String, Double> parts = new TreeMap<>();
            s.parts().forEach((name, value) -> parts.put(name, RecommendationService.round(value)));
            CatalogueItem c = index.get(s.itemId()).orElseThrow();
            items.add(new RecommendationResponse.Item(s.itemId(), RecommendationService.round(s.score()), parts,
                    c.category(), c.brand(), c.price(), c.currency()));
        }
        return items;
    }

    static List<String> ids(RecommendationResponse response) {
        return response.items().stream().map(RecommendationResponse.Item::itemId).toList();
    }

    @Test
    void shouldServeASecondRequestForAnUnchangedProfileFromTheCache() {
        NeuralState neural = stepped(hybrid, SESSION);
        stores.putProfile(profile(key("alice"), neural, List.of()));
        RecommendationService service = service(hybridRegistry, cache);

        RecommendationResponse first = answer(service, "alice", 5);
        RecommendationResponse second = answer(service, "alice", 5);

        assertThat(cacheCounts()).isEqualTo(counts(1, 1, 0));
        assertThat(second).isEqualTo(first);
        assertThat(second.items()).isEqualTo(direct(hybrid, neural, 5, Set.of()));
        assertThat(second.path()).isEqualTo("lstm+mlp");
        assertThat(cache.size()).isEqualTo(1);
        // Only the miss asked the model.
        assertThat(meters.get(RecommenderMetrics.INFERENCE).tag("part", "retrieval").timer().count()).isEqualTo(1);
        assertThat(meters.get(RecommenderMetrics.INFERENCE).tag("part", "ranking").timer().count()).isEqualTo(1);
    }

    @Test
    void shouldRankAgainAfterTheProfileChanges() {
        stores.putProfile(profile(key("alice"), stepped(lstm, SESSION), List.of()));
        RecommendationService service = service(lstmRegistry, cache);
        answer(service, "alice", 5);

        List<String> longer = new ArrayList<>(SESSION);
        longer.add("item-20");
        NeuralState next = stepped(lstm, longer);
        UserProfile changed = profile(key("alice"), next, List.of());
        stores.putProfile(new UserProfile(changed.userKey(), 13, changed.counts(), changed.categoryAffinity(),
                changed.brandAffinity(), changed.priceBand(), changed.rfm(), 1, "session-1", List.of(), List.of(),
                changed.firstEventTime(), changed.lastEventTime().plusSeconds(5), next));
        RecommendationResponse response = answer(service, "alice", 5);

        assertThat(cacheCounts()).isEqualTo(counts(0, 2, 0));
        assertThat(response.items()).isEqualTo(direct(lstm, next, 5, Set.of()));
        assertThat(response.profileEvents()).isEqualTo(13);
    }

    @Test
    void shouldRankAgainWhenAPurchaseChangesTheProfile() {
        NeuralState neural = stepped(lstm, SESSION);
        stores.putProfile(profile(key("alice"), neural, List.of()));
        RecommendationService service = service(lstmRegistry, cache);
        String bought = ids(answer(service, "alice", 5)).get(0);

        stores.putProfile(profile(key("alice"), neural, List.of(bought)));
        RecommendationResponse response = answer(service, "alice", 5);

        assertThat(cacheCounts()).isEqualTo(counts(0, 2, 0));
        assertThat(response.items()).isEqualTo(direct(lstm, neural, 5, Set.of(bought)));
    }

    @Test
    void shouldRankAgainWithANewModelVersion(@TempDir Path models) throws IOException {
        ModelRegistry registry = new ModelRegistry(models, ServingModels::load);
        TestModels.exportRandom(models, "v1", ITEMS, 8, 16, 1L);
        registry.scan();
        NeuralState neural = stepped(registry.current().orElseThrow(), SESSION);
        stores.putProfile(profile(key("alice"), neural, List.of()));
        RecommendationService service = service(registry, cache);
        answer(service, "alice", 5);

        TestModels.exportRandom(models, "v2", ITEMS, 8, 16, 2L);
        registry.scan();
        ServingModel v2 = registry.current().orElseThrow();
        RecommendationResponse response = answer(service, "alice", 5);

        assertThat(v2.version()).isEqualTo("v2");
        assertThat(cacheCounts()).isEqualTo(counts(0, 2, 0));
        assertThat(response.modelVersion()).isEqualTo("v2");
        // The profile was stepped by v1: v2 replays the session, as without a cache.
        assertThat(response.items()).isEqualTo(direct(v2, stepped(v2, SESSION), 5, Set.of()));
    }

    @Test
    void shouldRankAgainOnceTheRankingWentUnusedForTheTtl() {
        stores.putProfile(profile(key("alice"), stepped(lstm, SESSION), List.of()));
        RecommendationService service = service(lstmRegistry, cache);
        answer(service, "alice", 5);

        nanos.addAndGet(TTL.minusMillis(1).toNanos());
        answer(service, "alice", 5);
        // Counted from the last use: another TTL less 1 ms later it is still there.
        nanos.addAndGet(TTL.minusMillis(1).toNanos());
        answer(service, "alice", 5);
        assertThat(cacheCounts()).isEqualTo(counts(2, 1, 0));

        nanos.addAndGet(TTL.toNanos());
        answer(service, "alice", 5);
        assertThat(cacheCounts()).isEqualTo(counts(2, 2, 0));
    }

    @Test
    void shouldRankAgainOnceTheJitteredMaxAgeHasPassedHoweverOftenTheRankingIsUsed() {
        stores.putProfile(profile(key("alice"), stepped(lstm, SESSION), List.of()));
        RecommendationService service = service(lstmRegistry, cache);
        answer(service, "alice", 5);

        for (int i = 0; i < 26; i++) {
            nanos.addAndGet(Duration.ofSeconds(20).toNanos());
            answer(service, "alice", 5);
        }
        nanos.addAndGet(Duration.ofSeconds(20).minusMillis(1).toNanos());
        answer(service, "alice", 5);
        assertThat(cacheCounts()).isEqualTo(counts(27, 1, 0));

        // 540 s after it was computed: 600 s less JITTER × 20 %.
        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        answer(service, "alice", 5);
        assertThat(cacheCounts()).isEqualTo(counts(27, 2, 0));
    }

    @Test
    void shouldRankAgainAfterTheUsersEntryIsInvalidated() {
        stores.putProfile(profile(key("alice"), stepped(lstm, SESSION), List.of()));
        stores.putProfile(profile(key("bob"), stepped(lstm, SESSION), List.of()));
        RecommendationService service = service(lstmRegistry, cache);
        answer(service, "alice", 5);
        answer(service, "bob", 5);

        cache.invalidate(key("alice"));
        answer(service, "alice", 5);
        answer(service, "bob", 5);

        assertThat(cacheCounts()).isEqualTo(counts(1, 3, 0));
    }

    @Test
    void shouldFilterOutOfStockAndOverShownItemsFromACachedRanking() {
        NeuralState neural = stepped(hybrid, SESSION);
        stores.putProfile(profile(key("alice"), neural, List.of()));
        RecommendationService service = service(hybridRegistry, cache);
        List<String> first = ids(answer(service, "alice", 5));

        String outOfStock = first.get(0);
        String shownThrice = first.get(2);
        String shownTwice = first.get(3);
        index.upsert(item(outOfStock, index.get(outOfStock).orElseThrow().category(), 5, false));
        stores.putShown(key("alice"), new ShownItems(Map.of(shownThrice, 3, shownTwice, 2)));
        RecommendationResponse response = answer(service, "alice", 5);

        assertThat(cacheCounts()).isEqualTo(counts(1, 1, 0));
        assertThat(response.items()).isEqualTo(direct(hybrid, neural, 5, Set.of(outOfStock, shownThrice)));
        assertThat(ids(response)).doesNotContain(outOfStock, shownThrice).contains(shownTwice);
    }

    @Test
    void shouldRankAfreshWhenTheFiltersLeaveFewerThanKOfTheExactPrefix() {
        NeuralState neural = stepped(hybrid, SESSION);
        stores.putProfile(profile(key("alice"), neural, List.of()));
        RecommendationService service = service(hybridRegistry, cache);
        // The hybrid lists its candidates first; past them the model back-fills for the request.
        RecommendationResponse first = answer(service, "alice", 30);
        int listed = candidatesListed(first);
        List<String> candidates = ids(first).subList(0, listed);
        Map<String, Integer> shown = new HashMap<>();
        candidates.subList(0, listed - 4).forEach(id -> shown.put(id, 3));
        stores.putShown(key("alice"), new ShownItems(shown));

        RecommendationResponse fourLeft = answer(service, "alice", 4);
        RecommendationResponse fiveWanted = answer(service, "alice", 5);

        // The fifth item comes from the model's back-fill for this very request. Ranking again
        // cannot help (the cached list already holds every candidate), so the refill asks the
        // model once: 2 calls for the first request (its k of 30 is past the candidates), 0 for
        // the hit, 1 for the refill.
        assertThat(cacheCounts()).isEqualTo(counts(1, 1, 1));
        assertThat(meters.get(RecommenderMetrics.INFERENCE).tag("part", "retrieval").timer().count()).isEqualTo(3);
        assertThat(ids(fourLeft)).isEqualTo(candidates.subList(listed - 4, listed));
        assertThat(fourLeft.items()).isEqualTo(direct(hybrid, neural, 4, shown.keySet()));
        assertThat(fiveWanted.items()).isEqualTo(direct(hybrid, neural, 5, shown.keySet()));
        assertThat(fiveWanted.path()).isEqualTo("lstm+mlp");
    }

    /** How many of the hybrid's answer are candidates (in the LSTM's or V-SKNN's top N), not back-fill. */
    static int candidatesListed(RecommendationResponse response) {
        int n = TestModels.HYBRID_CANDIDATES;
        List<Boolean> candidate = response.items().stream()
                .map(i -> i.parts().get("lstm_rank") <= n || i.parts().get("vsknn_rank") <= n).toList();
        int listed = candidate.indexOf(false);
        assertThat(listed).isPositive();
        assertThat(candidate.subList(listed, candidate.size())).containsOnly(false);
        return listed;
    }

    @Test
    void shouldRankAgainWhenAnItemTheRankingWasComputedWithoutIsEligibleAgainAndServeTheNewRanking() {
        NeuralState neural = stepped(lstm, SESSION);
        stores.putProfile(profile(key("alice"), neural, List.of()));
        RecommendationService service = service(lstmRegistry, cache);
        String top = ids(answer(service(lstmRegistry, RankedListCache.disabled()), "alice", 5)).get(0);
        stores.putShown(key("alice"), new ShownItems(Map.of(top, 3)));
        // A miss while the top item is shown too often: the ranking is computed without it.
        RecommendationResponse withoutTop = answer(service, "alice", 5);

        // The bounded impression history forgot the top item: the ranking computed without it
        // must not serve, although it holds 39 items.
        stores.putShown(key("alice"), new ShownItems(Map.of("item-0", 1)));
        RecommendationResponse forgotten = answer(service, "alice", 5);
        RecommendationResponse again = answer(service, "alice", 5);

        assertThat(withoutTop.items()).isEqualTo(direct(lstm, neural, 5, Set.of(top)));
        assertThat(cacheCounts()).isEqualTo(counts(1, 1, 1));
        assertThat(ids(forgotten).get(0)).isEqualTo(top);
        assertThat(forgotten.items()).isEqualTo(direct(lstm, neural, 5, Set.of()));
        assertThat(again).isEqualTo(forgotten);
    }

    @Test
    void shouldComputeEveryListWhenTheCacheSizeIsZero() {
        NeuralState neural = stepped(hybrid, SESSION);
        stores.putProfile(profile(key("alice"), neural, List.of()));
        RankedListCache off = cache(0);
        RecommendationService service = service(hybridRegistry, off);

        RecommendationResponse first = answer(service, "alice", 5);
        RecommendationResponse second = answer(service, "alice", 5);

        assertThat(off.enabled()).isFalse();
        assertThat(off.size()).isZero();
        assertThat(cacheCounts()).isEqualTo(counts(0, 0, 0));
        assertThat(first.items()).isEqualTo(direct(hybrid, neural, 5, Set.of()));
        assertThat(second).isEqualTo(first);
    }

    @Test
    void shouldCacheNothingForAProfileTheModelCannotServeAndNotCountUnknownUsers() {
        stores.putProfile(profile(key("alice"), null, List.of()));
        RecommendationService service = service(lstmRegistry, cache);

        assertThat(answer(service, "alice", 5).path()).isEqualTo("category-popular");
        assertThat(answer(service, "nobody", 5).path()).isEqualTo("popular");

        // alice has a profile and a model is loaded: a miss with nothing to cache; nobody is not looked up.
        assertThat(cacheCounts()).isEqualTo(counts(0, 1, 0));
        assertThat(cache.size()).isZero();
    }

    /**
     * The same requests against a service with the cache and one without, over a sequence of
     * serve-time changes (shown items, stock, k, purchases): every answer identical, scores and
     * parts included, and the sequence exercises hits, misses and refills.
     */
    @Test
    void shouldAnswerExactlyAsTheUncachedPathDoes() {
        for (ModelRegistry registry : List.of(lstmRegistry, hybridRegistry)) {
            ServingModel model = registry.current().orElseThrow();
            catalogue();
            NeuralState neural = stepped(model, SESSION);
            String user = "user-" + model.version();
            String userKey = key(user);
            RecommendationService cached = service(registry, cache);
            RecommendationService uncached = service(registry, RankedListCache.disabled());
            stores.putProfile(profile(userKey, neural, List.of()));
            List<String> ranking = ids(answer(uncached, user, 30));
            Map<String, Integer> shown = new HashMap<>();
            int step = 0;
            for (int k : List.of(1, 5, 10, 20, 30, 40, 45)) {
                for (int round = 0; round < 4; round++, step++) {
                    if (round == 1) {
                        shown.put(ranking.get(step % ranking.size()), 3);
                        shown.put(ranking.get((step + 1) % ranking.size()), 1);
                        stores.putShown(userKey, new ShownItems(shown));
                    } else if (round == 2) {
                        String gone = ranking.get((step * 7 + 3) % ranking.size());
                        index.upsert(item(gone, index.get(gone).orElseThrow().category(), 5, false));
                    } else if (round == 3 && k == 20) {
                        stores.putProfile(profile(userKey, neural, List.of(ranking.get(4))));
                    }
                    RecommendationResponse expected = answer(uncached, user, k);
                    assertThat(answer(cached, user, k)).as("%s k=%d round %d", model.version(), k, round)
                            .isEqualTo(expected);
                }
            }
        }
        // 56 requests: a miss for each model's first and after the purchase; the hybrid refills
        // once k exceeds the candidates it listed (its exact prefix), the LSTM model at k=40 and 45 (40 items).
        assertThat(cacheCounts()).isEqualTo(counts(29, 4, 23));
    }
}
