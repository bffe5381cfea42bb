package io.profilestream.recommender.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.serving.VersionedModels;
import io.profilestream.ml.serving.ServingModels;
import io.profilestream.model.catalogue.CatalogueItem;
import io.profilestream.model.event.EventType;
import io.profilestream.model.impression.Impression;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.NeuralState;
import io.profilestream.model.profile.PriceBand;
import io.profilestream.model.profile.Rfm;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.topic.Topics;
import io.profilestream.recommender.api.InMemoryStoreQueries;
import io.profilestream.recommender.api.PeerForwarder;
import io.profilestream.recommender.api.RecommendationService;
import io.profilestream.recommender.api.StoreQueries;
import io.profilestream.recommender.catalogue.CatalogueIndex;
import io.profilestream.recommender.config.RecommenderSettings;
import io.profilestream.recommender.dashboard.RateMeterTest.TestClock;
import io.profilestream.recommender.impressions.ImpressionRecorder;
import io.profilestream.recommender.metrics.RecommenderMetrics;
import io.profilestream.recommender.ranking.AffinityPopularityRanker;
import io.profilestream.recommender.ranking.RankingWeights;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.profilestream.recommender.segment.Segments;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The dashboard's JSON over the real recommendation service (no model loaded, so answers come
 * from the popularity paths, whose scores are exact), with the store boundary in memory.
 */
@WebMvcTest(controllers = DashboardController.class)
@Import(DashboardControllerTest.Beans.class)
class DashboardControllerTest {

    static final Instant T = Instant.parse("2025-03-01T00:00:00Z");
    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    static final Pseudonymizer PSEUDONYMIZER =
            new Pseudonymizer("k1", "test-key-0123456789-0123456789-0123456789".getBytes(StandardCharsets.UTF_8));
    static final String ALICE_KEY = PSEUDONYMIZER.user("alice");
    static final PriceBand BAND = PriceBand.empty().add(199.0).add(99.5).add(24.0);

    @TestConfiguration
    static class Beans {
        @Bean
        RecommenderSettings settings() {
            return RecommenderSettings.defaults();
        }

        @Bean
        CatalogueIndex catalogueIndex(RecommenderSettings settings) {
            return new CatalogueIndex(settings.popularityHalfLife());
        }

        @Bean
        InMemoryStoreQueries storeQueries(CatalogueIndex index) {
            return new InMemoryStoreQueries(index);
        }

        /** No model directory: every answer comes from the popularity paths. */
        @Bean
        ModelRegistry modelRegistry() {
            return new ModelRegistry(Path.of("no-models-here"), ServingModels::load);
        }

        @Bean
        MockProducer<String, Impression> impressionProducer() {
            return new MockProducer<>(true, null, Topics.IMPRESSIONS.keySerde().serializer(),
                    Topics.IMPRESSIONS.valueSerde().serializer());
        }

        @Bean
        SimpleMeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        RecommenderMetrics recommenderMetrics(MeterRegistry registry) {
            return new RecommenderMetrics(registry);
        }

        @Bean
        RecommendationService recommendationService(StoreQueries stores, CatalogueIndex index,
                                                    RecommenderSettings settings, ModelRegistry models,
                                                    MockProducer<String, Impression> impressionProducer,
                                                    RecommenderMetrics metrics) {
            return new RecommendationService(PSEUDONYMIZER, stores, index,
                    new AffinityPopularityRanker(index, RankingWeights.from(settings)), models,
                    new ImpressionRecorder(impressionProducer, metrics), metrics, Clock.fixed(NOW, ZoneOffset.UTC),
                    settings);
        }

        @Bean
        TestClock rateClock() {
            return new TestClock(NOW);
        }

        @Bean
        DashboardService dashboardService(RecommendationService recommendations, CatalogueIndex index,
                                          ModelRegistry models, MeterRegistry registry, TestClock rateClock,
                                          ObjectProvider<VersionedModels<Segments>> segments) {
            // Segments only where a test adds a model (DashboardSegmentTest); none here.
            return new DashboardService(recommendations, index, models,
                    new RateMeter(registry, rateClock, DashboardConfiguration.RATE_WINDOW), segments.getIfAvailable(),
                    Clock.fixed(NOW, ZoneOffset.UTC));
        }

        @Bean
        PeerForwarder peerForwarder() {
            return new PeerForwarder(Duration.ofSeconds(2));
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    CatalogueIndex index;
    @Autowired
    InMemoryStoreQueries stores;
    @Autowired
    MockProducer<String, Impression> impressions;
    @Autowired
    SimpleMeterRegistry meters;
    @Autowired
    RecommendationService recommendations;
    @Autowired
    TestClock rateClock;

    static CatalogueItem item(String id, String category, String brand, String price, boolean inStock,
                              double popularity) {
        return new CatalogueItem(id, category, brand, price == null ? null : new BigDecimal(price),
                price == null ? null : "EUR", inStock, popularity, T, 0, 0, 0);
    }

    @BeforeEach
    void catalogueAndProfiles() {
        stores.reset();
        impressions.clear();
        index.replaceAll(List.of(
                item("p1", "phones", "acme", "199.00", true, 10),
                item("p2", "phones", "zeta", "99.50", true, 8),
                item("p3", "phones", "acme", "249.00", false, 40),
                item("b1", "books", null, null, true, 5)));
        stores.putProfile(new UserProfile(ALICE_KEY, 8,
                Map.of(EventType.PURCHASE, 1L, EventType.VIEW, 5L, EventType.ADD_TO_CART, 2L),
                new DecayedScores(T, Map.of("phones", 3.0, "books", 1.0)),
                new DecayedScores(T, Map.of("acme", 4.0, "zeta", 1.0)),
                BAND, new Rfm(T, 1, 1, Map.of("EUR", new BigDecimal("322.50"))), 2, "session-pseudonym-of-alice", List.of("p2", "gone", "p1"),
                List.of("x9"), T, NOW.minusSeconds(30),
                new NeuralState("it-1", "session-pseudonym-of-alice", List.of("p2", "p1"), 3,
                        new float[] {0.5f, -0.25f}, new float[] {0.125f, 1.0f})));
    }

    @Test
    void shouldShowAKnownUsersProfileAndTheRecommendationsTheyWouldGet() throws Exception {
        String body = mvc.perform(get("/v1/dashboard/users/alice").param("k", "3"))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(header().string("Cache-Control", "no-store"))
                .andReturn().getResponse().getContentAsString();

        assertThat(body).isEqualTo("{\"userKey\":\"" + ALICE_KEY + "\","
                + "\"profile\":{\"eventCount\":8,\"counts\":{\"view\":5,\"add_to_cart\":2,\"purchase\":1},"
                + "\"topCategories\":[{\"category\":\"phones\",\"share\":0.75},{\"category\":\"books\",\"share\":0.25}],"
                + "\"priceBand\":{\"typical\":" + BAND.typical() + ",\"low\":" + BAND.low() + ",\"high\":" + BAND.high()
                + ",\"count\":3},"
                + "\"recentItems\":[{\"itemId\":\"p2\",\"category\":\"phones\"},{\"itemId\":\"gone\",\"category\":null},"
                + "{\"itemId\":\"p1\",\"category\":\"phones\"}],"
                + "\"neural\":{\"modelVersion\":\"it-1\",\"steps\":3},"
                + "\"firstEventTime\":\"2025-03-01T00:00:00Z\",\"lastEventTime\":\"2025-03-01T11:59:30Z\"},"
                + "\"recommendations\":{\"userKey\":\"" + ALICE_KEY + "\",\"path\":\"category-popular\","
                + "\"modelVersion\":null,\"strategy\":\"affinity-popularity\",\"fallback\":false,\"k\":3,"
                + "\"generatedAt\":\"2025-03-01T12:00:00Z\",\"profileEvents\":8,\"items\":["
                + "{\"itemId\":\"p1\",\"score\":1.2,\"parts\":{\"categoryAffinity\":0.75,\"brandAffinity\":0.8,"
                + "\"popularity\":1.0},\"category\":\"phones\",\"brand\":\"acme\",\"price\":199.00,\"currency\":\"EUR\"},"
                + "{\"itemId\":\"p2\",\"score\":0.72,\"parts\":{\"categoryAffinity\":0.75,\"brandAffinity\":0.2,"
                + "\"popularity\":0.8},\"category\":\"phones\",\"brand\":\"zeta\",\"price\":99.50,\"currency\":\"EUR\"},"
                + "{\"itemId\":\"b1\",\"score\":0.15,\"parts\":{\"categoryAffinity\":0.25,\"brandAffinity\":0.0,"
                + "\"popularity\":0.5},\"category\":\"books\"}]}}");
        // Nothing beyond the summary: no raw id, session pseudonyms, purchases, RFM or LSTM vectors.
        assertThat(body).doesNotContain("alice", "session-pseudonym", "x9", "322.50", "sessionItems", "\"h\"");
    }

    @Test
    void shouldRecordNoImpressionAndCountNoServedRecommendationWhenLooking() throws Exception {
        double servedBefore = served();
        for (int i = 0; i < 3; i++) {
            mvc.perform(get("/v1/dashboard/users/alice").param("k", "2")).andExpect(status().isOk());
        }

        assertThat(impressions.history()).isEmpty();
        assertThat(served()).isEqualTo(servedBefore);
    }

    /** Recommendations counted as served so far (the meters live as long as the test context). */
    double served() {
        return meters.find(RecommenderMetrics.SERVED).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void shouldShowNoProfileAndPopularItemsForAnUnknownUser() throws Exception {
        mvc.perform(get("/v1/dashboard/users/bob"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.userKey").value(PSEUDONYMIZER.user("bob")))
                .andExpect(jsonPath("$.profile").value(org.hamcrest.Matchers.nullValue()))
                .andExpect(jsonPath("$.recommendations.path").value("popular"))
                .andExpect(jsonPath("$.recommendations.fallback").value(true))
                .andExpect(jsonPath("$.recommendations.k").value(20))
                .andExpect(jsonPath("$.recommendations.items[*].itemId")
                        .value(org.hamcrest.Matchers.contains("p1", "p2", "b1")));
    }

    @Test
    void shouldReportRatesFromTheMetersOverTheSecondsSinceTheLastLook() throws Exception {
        Timer pipeline = Timer.builder(RecommenderMetrics.PIPELINE_LATENCY).tag("stage", RecommenderMetrics.STAGE).register(meters);
        mvc.perform(get("/v1/dashboard/rates"))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", "no-store"))
                .andExpect(content().json("{\"asOf\":\"2025-03-01T12:00:00Z\",\"overSeconds\":null,"
                        + "\"eventsPerSecond\":null,\"recommendationsPerSecond\":null,\"modelVersion\":null}",
                        JsonCompareMode.STRICT));

        rateClock.advance(Duration.ofSeconds(2));
        for (int i = 0; i < 6; i++) {
            pipeline.record(Duration.ofMillis(40));
        }
        recommendations.recommend("alice", 3);
        recommendations.recommend("nobody", 3);
        recommendations.recommend("alice", 1);
        mvc.perform(get("/v1/dashboard/users/alice")).andExpect(status().isOk());

        mvc.perform(get("/v1/dashboard/rates"))
                .andExpect(status().isOk())
                .andExpect(content().json("{\"asOf\":\"2025-03-01T12:00:02Z\",\"overSeconds\":2.0,"
                        + "\"eventsPerSecond\":3.0,\"recommendationsPerSecond\":1.5,\"modelVersion\":null}",
                        JsonCompareMode.STRICT));
    }

    @Test
    void shouldRejectKOutsideItsRangeWithAProblem() throws Exception {
        mvc.perform(get("/v1/dashboard/users/alice").param("k", "0"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().json("{\"type\":\"urn:profilestream:problem:invalid-parameter\","
                        + "\"title\":\"Invalid request parameter\",\"status\":400,"
                        + "\"detail\":\"k must be between 1 and 100, got 0\","
                        + "\"instance\":\"/v1/dashboard/users/alice\",\"parameter\":\"k\",\"min\":1,\"max\":100}",
                        JsonCompareMode.STRICT));
    }

    @Test
    void shouldAnswer503WithRetryAfterWhileTheStoreIsNotReady() throws Exception {
        stores.unavailable(true);

        mvc.perform(get("/v1/dashboard/users/alice"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(content().json("{\"type\":\"urn:profilestream:problem:store-unavailable\","
                        + "\"title\":\"State store not available\",\"status\":503,"
                        + "\"detail\":\"the profiles store is not queryable yet (restoring or rebalancing)\","
                        + "\"instance\":\"/v1/dashboard/users/alice\"}",
                        JsonCompareMode.STRICT));
    }

    @Test
    void shouldForwardToTheOwningInstanceAndRelayItsAnswer() throws Exception {
        AtomicReference<String> seenPath = new AtomicReference<>();
        AtomicReference<String> seenHeader = new AtomicReference<>();
        byte[] ownerBody = "{\"userKey\":\"from-owner\"}".getBytes(StandardCharsets.UTF_8);
        HttpServer owner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        owner.createContext("/", exchange -> {
            seenPath.set(exchange.getRequestURI().toString());
            seenHeader.set(exchange.getRequestHeaders().getFirst(PeerForwarder.FORWARDED_HEADER));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ownerBody.length);
            exchange.getResponseBody().write(ownerBody);
            exchange.close();
        });
        owner.start();
        try {
            stores.ownedBy(ALICE_KEY, new HostInfo("127.0.0.1", owner.getAddress().getPort()));

            mvc.perform(get("/v1/dashboard/users/alice?k=7"))
                    .andExpect(status().isOk())
                    .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                    .andExpect(header().string("Cache-Control", "no-store"))
                    .andExpect(content().string("{\"userKey\":\"from-owner\"}"));
        } finally {
            owner.stop(0);
        }
        assertThat(seenPath.get()).isEqualTo("/v1/dashboard/users/alice?k=7");
        assertThat(seenHeader.get()).isEqualTo("true");
    }

    @Test
    void shouldAnswer503ForAForwardedRequestThisInstanceDoesNotOwn() throws Exception {
        stores.ownedBy(ALICE_KEY, new HostInfo("127.0.0.1", 9));

        mvc.perform(get("/v1/dashboard/users/alice").header(PeerForwarder.FORWARDED_HEADER, "true"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.detail").value("this request was forwarded here, but the profile is owned by "
                        + "127.0.0.1:9 (ownership is moving)"));
    }
}
