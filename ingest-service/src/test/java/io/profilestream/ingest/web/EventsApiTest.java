package io.profilestream.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.profilestream.model.event.EventContext;
import io.profilestream.model.event.EventType;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.topic.Topics;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;

class EventsApiTest extends IngestApiTestSupport {

    private static final String TOPIC = Topics.RAW_EVENTS.name();

    private static RawEvent view(String eventId, String userId, String itemId, Instant timestamp) {
        return new RawEvent(1, eventId, userId, null, EventType.VIEW, itemId, null, null, null, null, null, null,
                null, null, timestamp, RECEIVED_AT, null);
    }

    private static ProducerRecord<String, RawEvent> record(RawEvent event) {
        return new ProducerRecord<>(TOPIC, null, RECEIVED_AT.toEpochMilli(), event.userId(), event);
    }

    private static String viewJson(int n) {
        return "{\"eventId\":\"e" + n + "\",\"userId\":\"u" + n + "\",\"type\":\"view\",\"itemId\":\"i" + n + "\"}";
    }

    @Test
    void shouldAcceptSingleObjectAndPublishItKeyedByUserIdWithReceiveTimestamp() throws Exception {
        post("/v1/events", MediaType.APPLICATION_JSON,
                "{\"eventId\":\"e1\",\"userId\":\"u1\",\"type\":\"view\",\"itemId\":\"i1\",\"timestamp\":\"2025-03-01T09:00:00Z\"}")
                .andExpect(status().isAccepted())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(content().json("""
                        {"accepted":1,"rejected":0,"results":[{"index":0,"eventId":"e1","status":"accepted"}]}
                        """, JsonCompareMode.STRICT));

        assertThat(rawEvents().history()).containsExactly(
                record(view("e1", "u1", "i1", Instant.parse("2025-03-01T09:00:00Z"))));
    }

    @Test
    void shouldAcceptJsonArrayInOrder() throws Exception {
        post("/v1/events", MediaType.APPLICATION_JSON, "[" + viewJson(1) + "," + viewJson(2) + "]")
                .andExpect(status().isAccepted())
                .andExpect(content().json("""
                        {"accepted":2,"rejected":0,"results":[
                          {"index":0,"eventId":"e1","status":"accepted"},
                          {"index":1,"eventId":"e2","status":"accepted"}]}
                        """, JsonCompareMode.STRICT));

        assertThat(rawEvents().history()).containsExactly(
                record(view("e1", "u1", "i1", RECEIVED_AT)), record(view("e2", "u2", "i2", RECEIVED_AT)));
    }

    @Test
    void shouldReportMixedBatchPerIndexAndPublishOnlyTheAcceptedEvents() throws Exception {
        String body = """
                [
                  {"eventId":"e1","userId":"u1","type":"view","itemId":"i1","timestamp":1740823200000},
                  {"eventId":"e2","userId":"u2","type":"purchase","itemId":"i2","price":"9.99"},
                  {"eventId":"e3","userId":"u1","type":"search","query":"red shoes","timestamp":"2025-03-01T09:00:00+01:00"},
                  {"eventId":"e4","userId":"u3","sessionId":"s1","type":"add_to_cart","itemId":"i3","category":"shoes.running",
                   "brand":"Acme","price":19.90,"currency":"eur","quantity":2,
                   "context":{"ip":"203.0.113.7","userAgent":"Mozilla/5.0"}},
                  {"userId":"u4","type":"rating","itemId":"i4","rating":0}
                ]
                """;

        post("/v1/events", MediaType.APPLICATION_JSON, body)
                .andExpect(status().isAccepted())
                .andExpect(content().json("""
                        {"accepted":3,"rejected":2,"results":[
                          {"index":0,"eventId":"e1","status":"accepted"},
                          {"index":1,"eventId":"e2","status":"rejected","errors":[
                            {"field":"price","code":"wrong_type","message":"price must be a number"}]},
                          {"index":2,"eventId":"e3","status":"accepted"},
                          {"index":3,"eventId":"e4","status":"accepted"},
                          {"index":4,"status":"rejected","errors":[
                            {"field":"eventId","code":"missing","message":"eventId is required"},
                            {"field":"rating","code":"out_of_range","message":"rating must be between 1 and 5"}]}]}
                        """, JsonCompareMode.STRICT));

        assertThat(rawEvents().history()).containsExactly(
                record(view("e1", "u1", "i1", Instant.parse("2025-03-01T10:00:00Z"))),
                record(new RawEvent(1, "e3", "u1", null, EventType.SEARCH, null, null, null, null, null, null,
                        "red shoes", null, null, Instant.parse("2025-03-01T08:00:00Z"), RECEIVED_AT, null)),
                record(new RawEvent(1, "e4", "u3", "s1", EventType.ADD_TO_CART, "i3", "shoes.running", "Acme",
                        new BigDecimal("19.90"), "eur", 2, null, null, null, RECEIVED_AT, RECEIVED_AT,
                        new EventContext("203.0.113.7", "Mozilla/5.0"))));
    }

    @Test
    void shouldRejectOnlyTheBrokenLineOfNdjsonAndIgnoreBlankLines() throws Exception {
        String body = viewJson(1) + "\n\n   \n{\"eventId\":\"e2\",\"userId\":\r\n" + viewJson(3) + "\r\n";

        post("/v1/events", NDJSON, body)
                .andExpect(status().isAccepted())
                .andExpect(content().json("""
                        {"accepted":2,"rejected":1,"results":[
                          {"index":0,"eventId":"e1","status":"accepted"},
                          {"index":1,"status":"rejected","errors":[{"field":"$","code":"malformed_json",
                            "message":"line 4, column 26 is not valid JSON: Unexpected end-of-input within/between Object entries"}]},
                          {"index":2,"eventId":"e3","status":"accepted"}]}
                        """, JsonCompareMode.STRICT));

        assertThat(rawEvents().history()).containsExactly(
                record(view("e1", "u1", "i1", RECEIVED_AT)), record(view("e3", "u3", "i3", RECEIVED_AT)));
    }

    @Test
    void shouldAcceptExactlyMaxBatchSizeEvents() throws Exception {
        String body = IntStream.range(0, 500).mapToObj(EventsApiTest::viewJson).collect(Collectors.joining(",", "[", "]"));

        post("/v1/events", MediaType.APPLICATION_JSON, body)
                .andExpect(status().isAccepted())
                .andExpect(content().string(startsWith("{\"accepted\":500,\"rejected\":0,")));

        assertThat(rawEvents().history()).hasSize(500);
        assertThat(rawEvents().history().get(499)).isEqualTo(record(view("e499", "u499", "i499", RECEIVED_AT)));
    }

    @Test
    void shouldRejectOneEventMoreThanMaxBatchSizeWith413() throws Exception {
        String body = IntStream.range(0, 501).mapToObj(EventsApiTest::viewJson).collect(Collectors.joining("\n"));

        post("/v1/events", NDJSON, body)
                .andExpect(status().isPayloadTooLarge())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().json("""
                        {"type":"urn:profilestream:problem:batch-too-large","title":"Too many entries in one request",
                         "status":413,"detail":"the request holds 501 entries; at most 500 are accepted per request",
                         "instance":"/v1/events","requestId":"test-request-1","maxBatchSize":500,"received":501}
                        """, JsonCompareMode.STRICT));

        assertThat(rawEvents().history()).isEmpty();
    }

    @Test
    void shouldAcceptBodyOfExactlyMaxBodyBytes() throws Exception {
        String event = viewJson(1);
        String body = event + " ".repeat(1_048_576 - event.length());

        post("/v1/events", MediaType.APPLICATION_JSON, body).andExpect(status().isAccepted());

        assertThat(rawEvents().history()).containsExactly(record(view("e1", "u1", "i1", RECEIVED_AT)));
    }

    @Test
    void shouldRejectBodyOneByteOverMaxBodyBytesWith413() throws Exception {
        String event = viewJson(1);
        String body = event + " ".repeat(1_048_577 - event.length());

        post("/v1/events", MediaType.APPLICATION_JSON, body)
                .andExpect(status().isPayloadTooLarge())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().json("""
                        {"type":"urn:profilestream:problem:body-too-large","title":"Request body too large",
                         "status":413,"detail":"the request body exceeds 1048576 bytes",
                         "instance":"/v1/events","requestId":"test-request-1","maxBodyBytes":1048576}
                        """, JsonCompareMode.STRICT));

        assertThat(rawEvents().history()).isEmpty();
    }

    @Test
    void shouldAnswer415ForTextPlain() throws Exception {
        post("/v1/events", MediaType.TEXT_PLAIN, viewJson(1))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().json("""
                        {"type":"urn:profilestream:problem:unsupported-media-type","title":"Unsupported Media Type",
                         "status":415,"detail":"Content-Type 'text/plain' is not supported.","instance":"/v1/events","requestId":"test-request-1"}
                        """, JsonCompareMode.STRICT));

        assertThat(rawEvents().history()).isEmpty();
    }

    @Test
    void shouldAnswer400WithLineAndColumnForMalformedJson() throws Exception {
        post("/v1/events", MediaType.APPLICATION_JSON, "[\n  {\"eventId\":\"e1\",}\n]")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().json("""
                        {"type":"urn:profilestream:problem:malformed-json","title":"Malformed JSON","status":400,
                         "detail":"invalid JSON at line 2, column 19: Unexpected character ('}' (code 125)): was expecting double-quote to start field name",
                         "instance":"/v1/events","requestId":"test-request-1","line":2,"column":19}
                        """, JsonCompareMode.STRICT));
    }

    @Test
    void shouldAnswer400ForBodyWithoutEvents() throws Exception {
        post("/v1/events", MediaType.APPLICATION_JSON, " [ ] ")
                .andExpect(status().isBadRequest())
                .andExpect(content().json("""
                        {"type":"urn:profilestream:problem:empty-body","title":"Empty request body","status":400,
                         "detail":"the request body contains no entries","instance":"/v1/events","requestId":"test-request-1"}
                        """, JsonCompareMode.STRICT));
    }

    @Test
    void shouldAnswer400ForJsonThatIsNeitherObjectNorArray() throws Exception {
        post("/v1/events", MediaType.APPLICATION_JSON, "\"e1\"")
                .andExpect(status().isBadRequest())
                .andExpect(content().json("""
                        {"type":"urn:profilestream:problem:invalid-body","title":"Invalid request body","status":400,
                         "detail":"the body must be a JSON object or an array of JSON objects, not string",
                         "instance":"/v1/events","requestId":"test-request-1"}
                        """, JsonCompareMode.STRICT));
    }

    @Test
    void shouldAnswer400ProblemListingEveryErrorWhenNoEventIsAccepted() throws Exception {
        post("/v1/events", MediaType.APPLICATION_JSON, """
                [{"eventId":"e1","type":"view","itemId":"i1"}, 42]
                """)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().json("""
                        {"type":"urn:profilestream:problem:invalid-events","title":"Invalid events","status":400,
                         "detail":"2 of 2 events were rejected","instance":"/v1/events","requestId":"test-request-1","errors":[
                           {"index":0,"field":"userId","code":"missing","message":"userId is required"},
                           {"index":1,"field":"$","code":"wrong_type","message":"an event must be a JSON object"}]}
                        """, JsonCompareMode.STRICT));

        assertThat(rawEvents().history()).isEmpty();
    }

    @Test
    void shouldAnswer503WithRetryAfterAndStoredIndicesWhenTheBrokerFailsASend() throws Exception {
        String body = "[{\"eventId\":\"bad\",\"type\":\"view\",\"itemId\":\"i0\"}," + viewJson(1) + "," + viewJson(2) + "]";

        post("/v1/events", MediaType.APPLICATION_JSON, body,
                send -> send == 1 ? new NotEnoughReplicasException("only 1 of 3 replicas in sync") : null)
                .andExpect(BrokerUnavailableAnswer.afterStoring("/v1/events", 1, 2, 1));
    }

    @Test
    void shouldAnswer503WhenNoSendIsConfirmed() throws Exception {
        post("/v1/events", MediaType.APPLICATION_JSON, "[" + viewJson(1) + "," + viewJson(2) + "]",
                send -> new TimeoutException("Expiring 2 record(s) for profilestream.events.raw.v1-0"))
                .andExpect(BrokerUnavailableAnswer.afterStoring("/v1/events", 0, 2));
    }

    /** Every way Kafka, or the way to it, can fail a send: none of them may reach a client as a 500. */
    static Stream<RuntimeException> brokerFailures() {
        return Stream.of(
                new TimeoutException("Topic profilestream.events.raw.v1 not present in metadata after 10000 ms."),
                new BufferExhaustedException("Failed to allocate 150 bytes within the configured max blocking time 10000 ms."),
                new NetworkException("The server disconnected before a response was received."),
                new NotEnoughReplicasException("only 1 of 3 replicas in sync"),
                new NotLeaderOrFollowerException("leader moved"),
                new UnknownTopicOrPartitionException("This server does not host this topic-partition."),
                new TopicAuthorizationException(Set.of(TOPIC)),
                new ClusterAuthorizationException("Cluster authorization failed."),
                new SaslAuthenticationException("Authentication failed: Invalid username or password"),
                new IllegalStateException("Cannot perform operation after producer has been closed"));
    }

    @ParameterizedTest
    @MethodSource("brokerFailures")
    void shouldAnswer503WithRetryAfterAndNoInternalsForEveryBrokerFailure(RuntimeException failure) throws Exception {
        post("/v1/events", MediaType.APPLICATION_JSON, viewJson(1), send -> failure)
                .andExpect(BrokerUnavailableAnswer.afterStoring("/v1/events", 0, 1));
    }

    @Test
    void shouldAnswer500WithoutInternalsWhenARecordCannotBeSerialized() throws Exception {
        post("/v1/events", MediaType.APPLICATION_JSON, viewJson(1),
                send -> new SerializationException("secret serializer detail"))
                .andExpect(status().isInternalServerError())
                .andExpect(content().json("""
                        {"type":"urn:profilestream:problem:publish-failed","title":"Event store refused the request",
                         "status":500,
                         "detail":"Kafka refused the request after storing 0 of 1 valid entries; the failure has been logged",
                         "instance":"/v1/events","requestId":"test-request-1","storedIndices":[]}
                        """, JsonCompareMode.STRICT));
    }

    @Test
    void shouldAnswer500WithoutInternalsWhenKafkaRefusesPermanently() throws Exception {
        post("/v1/events", MediaType.APPLICATION_JSON, viewJson(1),
                send -> new RecordTooLargeException("secret broker detail"))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().json("""
                        {"type":"urn:profilestream:problem:publish-failed","title":"Event store refused the request",
                         "status":500,
                         "detail":"Kafka refused the request after storing 0 of 1 valid entries; the failure has been logged",
                         "instance":"/v1/events","requestId":"test-request-1","storedIndices":[]}
                        """, JsonCompareMode.STRICT));
    }

    @Test
    void shouldAnswer405ProblemForGet() throws Exception {
        mvc.perform(get("/v1/events"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(content().json("""
                        {"type":"urn:profilestream:problem:method-not-allowed","title":"Method Not Allowed",
                         "status":405,"detail":"Method 'GET' is not supported.","instance":"/v1/events","requestId":"test-request-1"}
                        """, JsonCompareMode.STRICT));
    }
}
