package io.profilestream.recommender.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.ml.NextItemModel;
import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.serving.ServingModel;
import io.profilestream.ml.serving.ServingModels;
import io.profilestream.ml.testing.TestModels;
import io.profilestream.model.catalogue.CatalogueItem;
import io.profilestream.model.impression.Impression;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.profile.NeuralState;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.topic.Topics;
import io.profilestream.recommender.catalogue.CatalogueIndex;
import io.profilestream.recommender.config.RecommenderSettings;
import io.profilestream.recommender.impressions.ImpressionRecorder;
import io.profilestream.recommender.metrics.RecommenderMetrics;
import io.profilestream.recommender.ranking.AffinityPopularityRanker;
import io.profilestream.recommender.ranking.RankingWeights;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A new model version exported while requests stream in: the real {@link ModelRegistry} polling
 * a real models directory picks it up, no request fails, every answer is exactly what the version
 * it names computes, and once the swap is published every answer names the new version.
 */
@WebMvcTest(controllers = RecommendationController.class)
@Import(HotReloadTest.Beans.class)
class HotReloadTest {

    static final int ITEMS = 60;
    static final int THREADS = 4;
    static final int REQUESTS_PER_PHASE = 25;
    static final Instant T = Instant.parse("2025-03-01T00:00:00Z");
    static final Pseudonymizer PSEUDONYMIZER =
            new Pseudonymizer("k1", "test-key-0123456789-0123456789-0123456789".getBytes(StandardCharsets.UTF_8));

    @TempDir
    static Path models;
    static ServingModel v1;

    @BeforeAll
    static void exportFirstVersion() throws IOException {
        v1 = ServingModels.load(TestModels.exportRandom(models, "2025-01-01-v1", ITEMS, 8, 16, 11L));
    }

    @TestConfiguration
    static class Beans {
        @Bean
        RecommenderSettings settings() {
            return RecommenderSettings.defaults();
        }

        @Bean
        CatalogueIndex catalogueIndex(RecommenderSettings settings) {
            CatalogueIndex index = new CatalogueIndex(settings.popularityHalfLife());
            List<CatalogueItem> items = new ArrayList<>();
            for (int i = 0; i < ITEMS; i++) {
                items.add(new CatalogueItem("item-" + i, "c" + (i % 3), null, new BigDecimal("1.00"), "EUR", true, i,
                        T, 0, 0, 0));
            }
            index.replaceAll(items);
            return index;
        }

        @Bean
        InMemoryStoreQueries storeQueries(CatalogueIndex index) {
            return new InMemoryStoreQueries(index);
        }

        @Bean(destroyMethod = "close")
        ModelRegistry modelRegistry() {
            ModelRegistry registry = new ModelRegistry(models, ServingModels::load);
            registry.scan();
            registry.start(Duration.ofMillis(20));
            return registry;
        }

        @Bean
        RecommendationService recommendationService(StoreQueries stores, CatalogueIndex index,
                                                    RecommenderSettings settings, ModelRegistry models) {
            RecommenderMetrics metrics = new RecommenderMetrics(new SimpleMeterRegistry());
            MockProducer<String, Impression> producer = new MockProducer<>(true, null,
                    Topics.IMPRESSIONS.keySerde().serializer(), Topics.IMPRESSIONS.valueSerde().serializer());
            return new RecommendationService(PSEUDONYMIZER, stores, index,
                    new AffinityPopularityRanker(index, RankingWeights.from(settings)), models,
                    new ImpressionRecorder(producer, metrics), metrics, Clock.systemUTC(), settings);
        }

        @Bean
        PeerForwarder peerForwarder() {
            return new PeerForwarder(Duration.ofSeconds(2));
        }
    }

    /** One answer as a client saw it. */
    record Seen(String user, int status, String modelVersion, List<String> items, boolean startedAfterSwap) {
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    InMemoryStoreQueries stores;
    @Autowired
    ModelRegistry registry;

    final ObjectMapper json = new ObjectMapper();

    static List<String> sessionOf(int user) {
        return List.of("item-" + user, "item-" + (user + 10), "item-" + (user + 20));
    }

    static List<String> expectedTop(ServingModel model, List<String> session) {
        NextItemModel.State state = model.replay(session);
        return model.recommend(new ServingModel.Query(state, session, 10, Set.of())).items().stream()
                .map(ServingModel.Scored::itemId).toList();
    }

    @Test
    void shouldSwapInANewVersionDuringTrafficWithoutAFailedRequest() throws Exception {
        assertThat(registry.current().orElseThrow().version()).isEqualTo("2025-01-01-v1");
        for (int u = 0; u < THREADS; u++) {
            List<String> session = sessionOf(u);
            NextItemModel.State s = v1.replay(session);
            stores.putProfile(UserProfile.empty(PSEUDONYMIZER.user("user-" + u)).withNeural(
                    new NeuralState(v1.version(), "s-" + u, session, session.size(), s.h(), s.c())));
        }
        AtomicBoolean swapped = new AtomicBoolean();
        registry.addListener(event -> {
            if (event instanceof ModelRegistry.Event.Loaded loaded && loaded.version().equals("2025-02-01-v2")) {
                swapped.set(true);
            }
        });
        ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicInteger beforeSwap = new AtomicInteger();
        AtomicInteger afterSwap = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(THREADS);
        for (int u = 0; u < THREADS; u++) {
            String user = "user-" + u;
            Thread thread = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        boolean after = swapped.get();
                        MockHttpServletResponse response = mvc.perform(get("/v1/recommendations/" + user)
                                .param("k", "10")).andReturn().getResponse();
                        JsonNode body = json.readTree(response.getContentAsString());
                        List<String> items = new ArrayList<>();
                        body.path("items").forEach(item -> items.add(item.path("itemId").asText()));
                        seen.add(new Seen(user, response.getStatus(), body.path("modelVersion").asText(null), items,
                                after));
                        (after ? afterSwap : beforeSwap).incrementAndGet();
                    }
                } catch (Throwable e) {
                    errors.add(e);
                } finally {
                    done.countDown();
                }
            }, "client-" + u);
            thread.setDaemon(true);
            thread.start();
        }

        ServingModel v2;
        int afterSwapTarget = THREADS * REQUESTS_PER_PHASE;
        try {
            awaitAtLeast(beforeSwap, THREADS * REQUESTS_PER_PHASE);
            v2 = ServingModels.load(TestModels.exportRandom(models, "2025-02-01-v2", ITEMS, 8, 16, 22L));
            awaitAtLeast(afterSwap, afterSwapTarget);
        } finally {
            stop.set(true);
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();

        assertThat(errors).isEmpty();
        assertThat(seen).allSatisfy(s -> assertThat(s.status()).as("status").isEqualTo(200));
        Map<String, ServingModel> byVersion = Map.of(v1.version(), v1, v2.version(), v2);
        for (Seen s : seen) {
            ServingModel model = byVersion.get(s.modelVersion());
            assertThat(model).as("version %s", s.modelVersion()).isNotNull();
            int user = Integer.parseInt(s.user().substring("user-".length()));
            assertThat(s.items()).as("%s under %s", s.user(), s.modelVersion())
                    .isEqualTo(expectedTop(model, sessionOf(user)));
            if (s.startedAfterSwap()) {
                assertThat(s.modelVersion()).isEqualTo("2025-02-01-v2");
            }
        }
        assertThat(seen.stream().filter(s -> s.modelVersion().equals("2025-01-01-v1")).count())
                .isGreaterThanOrEqualTo(THREADS * REQUESTS_PER_PHASE);
        assertThat(seen.stream().filter(s -> s.modelVersion().equals("2025-02-01-v2")).count())
                .isGreaterThanOrEqualTo(afterSwapTarget);
        assertThat(expectedTop(v1, sessionOf(0))).isNotEqualTo(expectedTop(v2, sessionOf(0)));
    }

    /** Waits for progress, not for time: fails only if the clients stall for a whole minute. */
    static void awaitAtLeast(AtomicInteger counter, int target) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (counter.get() < target) {
            assertThat(System.nanoTime()).as("clients stalled at %d of %d requests", counter.get(), target)
                    .isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
