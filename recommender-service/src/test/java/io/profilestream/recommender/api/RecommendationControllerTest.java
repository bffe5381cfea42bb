package io.profilestream.recommender.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.serving.ServingModels;
import io.profilestream.model.catalogue.CatalogueItem;
import io.profilestream.model.impression.Impression;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.PriceBand;
import io.profilestream.model.profile.Rfm;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.topic.Topics;
import io.profilestream.recommender.catalogue.CatalogueIndex;
import io.profilestream.recommender.config.RecommenderSettings;
import io.profilestream.recommender.impressions.ImpressionRecorder;
import io.profilestream.recommender.impressions.ShownItems;
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
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(controllers = {RecommendationController.class, ItemController.class})
@Import(RecommendationControllerTest.Beans.class)
class RecommendationControllerTest {

    static final Instant T = Instant.parse("2025-03-01T00:00:00Z");
    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    static final Pseudonymizer PSEUDONYMIZER =
            new Pseudonymizer("k1", "test-key-0123456789-0123456789-0123456789".getBytes(StandardCharsets.UTF_8));
    static final String ALICE_KEY = PSEUDONYMIZER.user("alice");

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
        RecommendationService recommendationService(StoreQueries stores, CatalogueIndex index,
                                                    RecommenderSettings settings, ModelRegistry models,
                                                    MockProducer<String, Impression> impressionProducer) {
            RecommenderMetrics metrics = new RecommenderMetrics(new SimpleMeterRegistry());
            return new RecommendationService(PSEUDONYMIZER, stores, index,
                    new AffinityPopularityRanker(index, RankingWeights.from(settings)), models,
                    new ImpressionRecorder(impressionProducer, metrics), metrics, Clock.fixed(NOW, ZoneOffset.UTC),
                    settings);
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
        stores.putProfile(new UserProfile(ALICE_KEY, 4, Map.of(),
                new DecayedScores(T, Map.of("phones", 3.0, "books", 1.0)),
                new DecayedScores(T, Map.of("acme", 4.0, "zeta", 1.0)),
                PriceBand.empty(), Rfm.empty(), 1, null, List.of(), List.of(), T, T));
    }

    @Test
    void shouldRecommendForAKnownUserWithExactScoreParts() throws Exception {
        String body = mvc.perform(get("/v1/recommendations/alice").param("k", "3"))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andReturn().getResponse().getContentAsString();

        assertThat(body).isEqualTo("{\"userKey\":\"" + ALICE_KEY + "\",\"path\":\"category-popular\","
                + "\"modelVersion\":null,\"strategy\":\"affinity-popularity\",\"fallback\":false,\"k\":3,"
                + "\"generatedAt\":\"2025-03-01T12:00:00Z\",\"profileEvents\":4,\"items\":["
                + "{\"itemId\":\"p1\",\"score\":1.2,\"parts\":{\"categoryAffinity\":0.75,\"brandAffinity\":0.8,"
                + "\"popularity\":1.0},\"category\":\"phones\",\"brand\":\"acme\",\"price\":199.00,\"currency\":\"EUR\"},"
                + "{\"itemId\":\"p2\",\"score\":0.72,\"parts\":{\"categoryAffinity\":0.75,\"brandAffinity\":0.2,"
                + "\"popularity\":0.8},\"category\":\"phones\",\"brand\":\"zeta\",\"price\":99.50,\"currency\":\"EUR\"},"
                + "{\"itemId\":\"b1\",\"score\":0.15,\"parts\":{\"categoryAffinity\":0.25,\"brandAffinity\":0.0,"
                + "\"popularity\":0.5},\"category\":\"books\"}]}");
        assertThat(body).doesNotContain("alice");
    }

    @Test
    void shouldRecordTheServedListAsAnImpressionAndHonourIt() throws Exception {
        mvc.perform(get("/v1/recommendations/alice").param("k", "2")).andExpect(status().isOk());

        assertThat(impressions.history()).containsExactly(new ProducerRecord<>(Topics.IMPRESSIONS.name(), ALICE_KEY,
                new Impression(ALICE_KEY, NOW, "category-popular", null, List.of("p1", "p2"))));

        stores.putShown(ALICE_KEY, new ShownItems(Map.of("p1", 3, "p2", 2)));
        mvc.perform(get("/v1/recommendations/alice").param("k", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[*].itemId").value(contains("p2", "b1")));
    }

    @Test
    void shouldServePopularItemsToAnUnknownUser() throws Exception {
        mvc.perform(get("/v1/recommendations/bob"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.userKey").value(PSEUDONYMIZER.user("bob")))
                .andExpect(jsonPath("$.path").value("popular"))
                .andExpect(jsonPath("$.modelVersion").value(nullValue()))
                .andExpect(jsonPath("$.strategy").value("popular"))
                .andExpect(jsonPath("$.fallback").value(true))
                .andExpect(jsonPath("$.k").value(20))
                .andExpect(jsonPath("$.profileEvents").value(0))
                .andExpect(jsonPath("$.items[*].itemId").value(contains("p1", "p2", "b1")))
                .andExpect(jsonPath("$.items[1].score").value(0.8))
                .andExpect(jsonPath("$.items[1].parts.categoryAffinity").value(0.0))
                .andExpect(jsonPath("$.items[1].parts.popularity").value(0.8));
    }

    @Test
    void shouldAnswerAnEmptyListWhenTheCatalogueIsEmpty() throws Exception {
        index.replaceAll(List.of());

        mvc.perform(get("/v1/recommendations/alice").param("k", "5"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.strategy").value("affinity-popularity"))
                .andExpect(jsonPath("$.items").isEmpty());
    }

    @Test
    void shouldRejectKOutsideItsRangeWithAProblem() throws Exception {
        for (String k : List.of("0", "101", "-3")) {
            mvc.perform(get("/v1/recommendations/alice").param("k", k))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(content().json("{\"type\":\"urn:profilestream:problem:invalid-parameter\","
                            + "\"title\":\"Invalid request parameter\",\"status\":400,"
                            + "\"detail\":\"k must be between 1 and 100, got " + k + "\","
                            + "\"instance\":\"/v1/recommendations/alice\",\"parameter\":\"k\",\"min\":1,\"max\":100}",
                            JsonCompareMode.STRICT));
        }
    }

    @Test
    void shouldRejectANonNumericKWithAProblem() throws Exception {
        mvc.perform(get("/v1/recommendations/alice").param("k", "many"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().json("{\"type\":\"urn:profilestream:problem:invalid-parameter\","
                        + "\"title\":\"Invalid request parameter\",\"status\":400,"
                        + "\"detail\":\"k must be an integer, got 'many'\","
                        + "\"instance\":\"/v1/recommendations/alice\",\"parameter\":\"k\"}",
                        JsonCompareMode.STRICT));
    }

    @Test
    void shouldAnswer503WithRetryAfterWhileTheStoreIsNotReady() throws Exception {
        stores.unavailable(true);

        mvc.perform(get("/v1/recommendations/alice"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().json("{\"type\":\"urn:profilestream:problem:store-unavailable\","
                        + "\"title\":\"State store not available\",\"status\":503,"
                        + "\"detail\":\"the profiles store is not queryable yet (restoring or rebalancing)\","
                        + "\"instance\":\"/v1/recommendations/alice\"}",
                        JsonCompareMode.STRICT));
    }

    @Test
    void shouldAnswer503ForAForwardedRequestThisInstanceDoesNotOwn() throws Exception {
        stores.ownedBy(ALICE_KEY, new HostInfo("127.0.0.1", 9));

        mvc.perform(get("/v1/recommendations/alice").header(PeerForwarder.FORWARDED_HEADER, "true"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.type").value("urn:profilestream:problem:store-unavailable"))
                .andExpect(jsonPath("$.detail").value("this request was forwarded here, but the profile is owned by "
                        + "127.0.0.1:9 (ownership is moving)"));
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

            mvc.perform(get("/v1/recommendations/alice?k=7"))
                    .andExpect(status().isOk())
                    .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                    .andExpect(content().string("{\"userKey\":\"from-owner\"}"));
        } finally {
            owner.stop(0);
        }
        assertThat(seenPath.get()).isEqualTo("/v1/recommendations/alice?k=7");
        assertThat(seenHeader.get()).isEqualTo("true");
    }

    @Test
    void shouldAnswer503WhenTheOwningInstanceCannotBeReached() throws Exception {
        HttpServer closed = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        int port = closed.getAddress().getPort();
        closed.stop(0);
        stores.ownedBy(ALICE_KEY, new HostInfo("127.0.0.1", port));

        mvc.perform(get("/v1/recommendations/alice"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.type").value("urn:profilestream:problem:store-unavailable"));
    }

    @Test
    void shouldReturnACatalogueEntry() throws Exception {
        mvc.perform(get("/v1/items/p2"))
                .andExpect(status().isOk())
                .andExpect(content().json("{\"itemId\":\"p2\",\"category\":\"phones\",\"brand\":\"zeta\",\"price\":99.50,"
                        + "\"currency\":\"EUR\",\"inStock\":true,\"popularity\":8.0,"
                        + "\"popularityAsOf\":\"2025-03-01T00:00:00Z\",\"views\":0,\"carts\":0,\"purchases\":0}",
                        JsonCompareMode.STRICT));
    }

    @Test
    void shouldAnswer404ProblemForAnUnknownItem() throws Exception {
        mvc.perform(get("/v1/items/nope"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().json("{\"type\":\"urn:profilestream:problem:item-not-found\","
                        + "\"title\":\"Item not found\",\"status\":404,"
                        + "\"detail\":\"no catalogue entry for item 'nope'\","
                        + "\"instance\":\"/v1/items/nope\",\"itemId\":\"nope\"}",
                        JsonCompareMode.STRICT));
    }
}
