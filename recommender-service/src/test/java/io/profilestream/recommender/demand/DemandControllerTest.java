package io.profilestream.recommender.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.sun.net.httpserver.HttpServer;
import io.profilestream.recommender.api.PeerForwarder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
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
import org.springframework.test.web.servlet.ResultMatcher;

@WebMvcTest(controllers = DemandController.class)
@Import(DemandControllerTest.Beans.class)
class DemandControllerTest {

    /** History: 2025-03-13T12:00Z (two days before the current hour) up to 2025-03-15T12:00Z. */
    static final Instant NOW = Instant.parse("2025-03-15T12:34:56Z");
    static final Instant FROM = Instant.parse("2025-03-13T12:00:00Z");

    @TestConfiguration
    static class Beans {
        /** Two days of history (two daily seasons, the least Holt-Winters needs), horizons up to 48 hours. */
        @Bean
        DemandSettings demandSettings() {
            return new DemandSettings(5, Duration.ofHours(1), Duration.ofDays(35), 2, 48, false, null, 0);
        }

        @Bean
        InMemoryDemandQueries demandQueries() {
            return new InMemoryDemandQueries();
        }

        @Bean
        DemandService demandService(InMemoryDemandQueries queries, DemandSettings settings) {
            return new DemandService(queries, DemandReleases.exact(settings), settings, Clock.fixed(NOW, ZoneOffset.UTC));
        }

        @Bean
        PeerForwarder peerForwarder() {
            return new PeerForwarder(Duration.ofSeconds(2));
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    InMemoryDemandQueries queries;

    @BeforeEach
    void reset() {
        queries.reset();
    }

    /** Views = hour of day mod 4 (a daily pattern); hours with no demand are not stored, as in the window store. */
    void storeDailyPattern(DemandKind kind, String id) {
        for (int i = 0; i < 48; i++) {
            Instant hour = FROM.plus(Duration.ofHours(i));
            int views = hour.atZone(ZoneOffset.UTC).getHour() % 4;
            if (views > 0) {
                queries.put(kind, id, hour, new DemandCounts(views, 0, 0));
            }
        }
    }

    /** history[i] is exactly this hour. */
    static ResultMatcher hour(int i, String hour, int views, int addToCarts, int units) {
        return ResultMatcher.matchAll(
                jsonPath("$.history[" + i + "].length()").value(4),
                jsonPath("$.history[" + i + "].hour").value(hour),
                jsonPath("$.history[" + i + "].views").value(views),
                jsonPath("$.history[" + i + "].addToCarts").value(addToCarts),
                jsonPath("$.history[" + i + "].units").value(units));
    }

    @Test
    void shouldAnswerTheHourlyHistoryAndAnExactForecastOfADailyPattern() throws Exception {
        storeDailyPattern(DemandKind.CATEGORY, "phones");
        queries.put(DemandKind.CATEGORY, "phones", FROM.plus(Duration.ofHours(1)), new DemandCounts(1, 2, 3));

        mvc.perform(get("/v1/demand/categories/phones?horizonHours=3"))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.kind").value("category"))
                .andExpect(jsonPath("$.id").value("phones"))
                .andExpect(jsonPath("$.from").value("2025-03-13T12:00:00Z"))
                .andExpect(jsonPath("$.to").value("2025-03-15T12:00:00Z"))
                .andExpect(jsonPath("$.history.length()").value(48))
                .andExpect(hour(0, "2025-03-13T12:00:00Z", 0, 0, 0))
                .andExpect(hour(1, "2025-03-13T13:00:00Z", 1, 2, 3))
                .andExpect(hour(2, "2025-03-13T14:00:00Z", 2, 0, 0))
                .andExpect(jsonPath("$.history[47].hour").value("2025-03-15T11:00:00Z"))
                .andExpect(jsonPath("$.history[47].views").value(3))
                .andExpect(jsonPath("$.forecast.horizonHours").value(3))
                .andExpect(jsonPath("$.forecast.level").value(0.95))
                .andExpect(content().json("""
                        {"forecast": {"measures": {"views": {
                          "method": "holt-winters(m=24)",
                          "parameters": {"alpha": 0.01, "beta": 0.0, "gamma": 0.0, "period": 24.0, "sigma": 0.0},
                          "hours": [
                            {"hour": "2025-03-15T12:00:00Z", "mean": 0.0, "lower": 0.0, "upper": 0.0},
                            {"hour": "2025-03-15T13:00:00Z", "mean": 1.0, "lower": 1.0, "upper": 1.0},
                            {"hour": "2025-03-15T14:00:00Z", "mean": 2.0, "lower": 2.0, "upper": 2.0}
                          ]}}}}""", JsonCompareMode.LENIENT))
                .andExpect(content().json("""
                        {"privacy": {"mechanism": "none", "perUserHourlyCap": 5, "releases": [],
                          "note": "exact counts; each user contributes at most 5 per measure and hour; no differential-privacy noise added"}}""",
                        JsonCompareMode.LENIENT));
    }

    @Test
    void shouldForecastTwentyFourHoursOfAnItemByDefault() throws Exception {
        storeDailyPattern(DemandKind.ITEM, "sku-1");

        mvc.perform(get("/v1/demand/items/sku-1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.kind").value("item"))
                .andExpect(jsonPath("$.forecast.horizonHours").value(24))
                .andExpect(jsonPath("$.forecast.measures.units.hours.length()").value(24))
                .andExpect(jsonPath("$.forecast.measures.units.hours[23].hour").value("2025-03-16T11:00:00Z"))
                .andExpect(jsonPath("$.forecast.measures.units.hours[23].mean").value(0.0))
                .andExpect(jsonPath("$.forecast.measures.views.hours[23].mean").value(3.0));
    }

    @Test
    void shouldAnswerAProblemForAHorizonOutOfRange() throws Exception {
        storeDailyPattern(DemandKind.CATEGORY, "phones");

        mvc.perform(get("/v1/demand/categories/phones?horizonHours=49"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().json("""
                        {"type": "urn:profilestream:problem:invalid-parameter", "title": "Invalid request parameter",
                         "status": 400, "detail": "horizonHours must be between 1 and 48, got 49",
                         "instance": "/v1/demand/categories/phones", "parameter": "horizonHours", "min": 1, "max": 48}""",
                        JsonCompareMode.STRICT));
        mvc.perform(get("/v1/demand/items/sku-1?horizonHours=0"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("horizonHours must be between 1 and 48, got 0"));
        mvc.perform(get("/v1/demand/items/sku-1?horizonHours=a-day"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:profilestream:problem:invalid-parameter"))
                .andExpect(jsonPath("$.detail").value("horizonHours must be an integer, got 'a-day'"));
    }

    @Test
    void shouldAnswerAProblemForACategoryWithoutDemand() throws Exception {
        mvc.perform(get("/v1/demand/categories/garden"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().json("""
                        {"type": "urn:profilestream:problem:demand-not-found", "title": "No demand recorded",
                         "status": 404, "detail": "no demand recorded for category 'garden' in the last 2 days",
                         "instance": "/v1/demand/categories/garden", "kind": "category", "id": "garden",
                         "historyDays": 2}""", JsonCompareMode.STRICT));
    }

    @Test
    void shouldNotShowDemandOlderThanTheHistory() throws Exception {
        queries.put(DemandKind.ITEM, "old", FROM.minus(Duration.ofHours(1)), new DemandCounts(9, 9, 9));

        mvc.perform(get("/v1/demand/items/old"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("no demand recorded for item 'old' in the last 2 days"));
    }

    @Test
    void shouldAnswer503WhileTheStoreIsUnavailable() throws Exception {
        queries.unavailable(true);

        mvc.perform(get("/v1/demand/categories/phones"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.type").value("urn:profilestream:problem:store-unavailable"))
                .andExpect(jsonPath("$.detail").value(
                        "the demand-by-category store is not queryable yet (restoring or rebalancing)"));
    }

    @Test
    void shouldForwardToTheOwningInstanceAndRelayItsAnswer() throws Exception {
        AtomicReference<String> seenPath = new AtomicReference<>();
        AtomicReference<String> seenHeader = new AtomicReference<>();
        byte[] ownerBody = "{\"kind\":\"item\",\"id\":\"sku-7\"}".getBytes(StandardCharsets.UTF_8);
        HttpServer owner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        owner.createContext("/", exchange -> {
            seenPath.set(exchange.getRequestURI().getRawPath() + "?" + exchange.getRequestURI().getRawQuery());
            seenHeader.set(exchange.getRequestHeaders().getFirst(PeerForwarder.FORWARDED_HEADER));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ownerBody.length);
            exchange.getResponseBody().write(ownerBody);
            exchange.close();
        });
        owner.start();
        try {
            queries.ownedBy(DemandKind.ITEM, "sku-7", new HostInfo("127.0.0.1", owner.getAddress().getPort()));

            mvc.perform(get("/v1/demand/items/sku-7?horizonHours=5"))
                    .andExpect(status().isOk())
                    .andExpect(content().string("{\"kind\":\"item\",\"id\":\"sku-7\"}"));
        } finally {
            owner.stop(0);
        }
        assertThat(seenPath.get()).isEqualTo("/v1/demand/items/sku-7?horizonHours=5");
        assertThat(seenHeader.get()).isEqualTo("true");
    }

    @Test
    void shouldAnswer503WhenAForwardedRequestFindsAnotherOwner() throws Exception {
        queries.ownedBy(DemandKind.CATEGORY, "phones", new HostInfo("10.0.0.2", 8084));

        mvc.perform(get("/v1/demand/categories/phones").header(PeerForwarder.FORWARDED_HEADER, "true"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.detail").value("this request was forwarded here, but the category is owned by "
                        + "10.0.0.2:8084 (ownership is moving)"));
    }
}
