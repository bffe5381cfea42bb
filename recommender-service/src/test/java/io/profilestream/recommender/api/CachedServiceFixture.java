package io.profilestream.recommender.api;

import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.ITEMS;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.NOW;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.PSEUDONYMIZER;
import static io.profilestream.recommender.api.NeuralRecommendationServiceTest.item;
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
import io.profilestream.model.topic.Topics;
import io.profilestream.recommender.cache.RankedListCache;
import io.profilestream.recommender.catalogue.CatalogueIndex;
import io.profilestream.recommender.config.RecommenderSettings;
import io.profilestream.recommender.impressions.ImpressionRecorder;
import io.profilestream.recommender.metrics.RecommenderMetrics;
import io.profilestream.recommender.ranking.AffinityPopularityRanker;
import io.profilestream.recommender.ranking.RankingWeights;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared set-up of the ranked-list cache tests on the request path, over real exported models
 * (one LSTM-order model, one hybrid): the catalogue, in-memory stores, a cache on a manual ticker,
 * and helpers that answer requests and read the cache counters.
 */
abstract class CachedServiceFixture {

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
            s.parts().forEach((name, value) -> parts.put(name, ResponseItems.round(value)));
            CatalogueItem c = index.get(s.itemId()).orElseThrow();
            items.add(new RecommendationResponse.Item(s.itemId(), ResponseItems.round(s.score()), parts,
                    c.category(), c.brand(), c.price(), c.currency()));
        }
        return items;
    }

    static List<String> ids(RecommendationResponse response) {
        return response.items().stream().map(RecommendationResponse.Item::itemId).toList();
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
}
