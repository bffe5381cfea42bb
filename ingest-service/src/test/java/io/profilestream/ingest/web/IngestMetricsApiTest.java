package io.profilestream.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * {@value IngestMetrics#EVENTS} and {@value IngestMetrics#ITEMS} count entries by outcome and
 * problem slug. The context (and its registry) is shared with the other API tests, so each test
 * asserts how much the counters grew while it ran.
 */
class IngestMetricsApiTest extends IngestApiTestSupport {

    private static final String VALID_1 = "{\"eventId\":\"e1\",\"userId\":\"u1\",\"type\":\"view\",\"itemId\":\"i1\"}";
    private static final String VALID_2 = "{\"eventId\":\"e2\",\"userId\":\"u2\",\"type\":\"view\",\"itemId\":\"i2\"}";
    private static final String VALID_3 = "{\"eventId\":\"e3\",\"userId\":\"u3\",\"type\":\"search\",\"query\":\"shoes\"}";
    private static final String INVALID = "{\"eventId\":\"e4\",\"type\":\"view\",\"itemId\":\"i4\"}";

    @Autowired
    MeterRegistry registry;

    private Map<String, Double> before;

    @BeforeEach
    void rememberCounts() {
        before = counts();
    }

    /** Every ingest counter as "metric outcome reason" -> count. */
    private Map<String, Double> counts() {
        return registry.find(IngestMetrics.EVENTS).counters().stream()
                .collect(Collectors.toMap(IngestMetricsApiTest::key, Counter::count, (a, b) -> a, LinkedHashMap::new));
    }

    private Map<String, Double> itemCounts() {
        return registry.find(IngestMetrics.ITEMS).counters().stream()
                .collect(Collectors.toMap(IngestMetricsApiTest::key, Counter::count, (a, b) -> a, LinkedHashMap::new));
    }

    private static String key(Counter counter) {
        return counter.getId().getTag(IngestMetrics.OUTCOME) + " " + counter.getId().getTag(IngestMetrics.REASON);
    }

    /** How much each events counter grew since the test started; counters that did not grow are left out. */
    private Map<String, Double> growth() {
        Map<String, Double> growth = new LinkedHashMap<>();
        counts().forEach((key, count) -> {
            double grew = count - before.getOrDefault(key, 0.0);
            if (grew != 0) {
                growth.put(key, grew);
            }
        });
        return growth;
    }

    @Test
    void shouldCountEachEventOfAPartlyValidBatch() throws Exception {
        post("/v1/events", MediaType.APPLICATION_JSON, "[" + VALID_1 + "," + VALID_2 + "," + INVALID + "," + VALID_3 + "]")
                .andExpect(status().isAccepted());

        assertThat(growth()).isEqualTo(Map.of("accepted none", 3.0, "rejected invalid-events", 1.0));
    }

    @Test
    void shouldCountEveryEventOfARequestWithoutAValidOne() throws Exception {
        post("/v1/events", NDJSON, INVALID + "\n" + INVALID + "\n{broken\n").andExpect(status().isBadRequest());

        assertThat(growth()).isEqualTo(Map.of("rejected invalid-events", 3.0));
    }

    @Test
    void shouldCountTheEntriesOfAnOversizedBatch() throws Exception {
        String body = IntStream.range(0, 501).mapToObj(n -> VALID_1).collect(Collectors.joining("\n"));

        post("/v1/events", NDJSON, body).andExpect(status().isPayloadTooLarge());

        assertThat(growth()).isEqualTo(Map.of("rejected batch-too-large", 501.0));
    }

    @Test
    void shouldCountABodyThatCannotBeSplitIntoEventsAsOneEvent() throws Exception {
        post("/v1/events", MediaType.APPLICATION_JSON, "[" + VALID_1 + ",").andExpect(status().isBadRequest());
        post("/v1/events", MediaType.APPLICATION_JSON, VALID_1 + " ".repeat(1_048_576)).andExpect(status().isPayloadTooLarge());
        post("/v1/events", MediaType.TEXT_PLAIN, VALID_1).andExpect(status().isUnsupportedMediaType());

        assertThat(growth()).isEqualTo(Map.of("rejected malformed-json", 1.0, "rejected body-too-large", 1.0,
                "rejected unsupported-media-type", 1.0));
    }

    @Test
    void shouldCountTheValidEventsOfAnUnconfirmedRequestAsBrokerUnavailable() throws Exception {
        post("/v1/events", MediaType.APPLICATION_JSON, "[" + INVALID + "," + VALID_1 + "," + VALID_2 + "]",
                send -> send == 1 ? new NotEnoughReplicasException("only 1 of 3 replicas in sync") : null)
                .andExpect(status().isServiceUnavailable());

        // Event 1 is on the topic, but the client was told to send all of them again.
        assertThat(growth()).isEqualTo(Map.of("rejected broker-unavailable", 2.0, "rejected invalid-events", 1.0));
    }

    @Test
    void shouldCountEventsKafkaRefusedForGoodAsPublishFailed() throws Exception {
        post("/v1/events", MediaType.APPLICATION_JSON, VALID_1, send -> new RecordTooLargeException("too large"))
                .andExpect(status().isInternalServerError());

        assertThat(growth()).isEqualTo(Map.of("rejected publish-failed", 1.0));
    }

    @Test
    void shouldNotCountRequestsThatAreNotEventPosts() throws Exception {
        mvc.perform(get("/v1/events")).andExpect(status().isMethodNotAllowed());
        post("/v1/items", MediaType.APPLICATION_JSON, "{\"itemId\":\"sku-1\",\"category\":\"books\"}")
                .andExpect(status().isAccepted());

        assertThat(growth()).isEmpty();
    }

    @Test
    void shouldCountCatalogueItemsInTheirOwnCounter() throws Exception {
        Map<String, Double> itemsBefore = itemCounts();

        post("/v1/items", MediaType.APPLICATION_JSON, "[{\"itemId\":\"sku-1\",\"category\":\"books\"},{\"itemId\":\"sku-2\"}]")
                .andExpect(status().isAccepted());

        Map<String, Double> itemsAfter = itemCounts();
        assertThat(itemsAfter.get("accepted none") - itemsBefore.getOrDefault("accepted none", 0.0)).isEqualTo(1.0);
        assertThat(itemsAfter.get("rejected invalid-items") - itemsBefore.getOrDefault("rejected invalid-items", 0.0))
                .isEqualTo(1.0);
        assertThat(growth()).isEmpty();
    }

    @Test
    void shouldTagTheCountersWithTheApplication() {
        Counter accepted = registry.get(IngestMetrics.EVENTS)
                .tags(IngestMetrics.OUTCOME, IngestMetrics.ACCEPTED, IngestMetrics.REASON, IngestMetrics.NO_REASON)
                .counter();

        assertThat(accepted.getId().getTag("application")).isEqualTo("ingest-service");
    }
}
