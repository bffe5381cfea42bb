package io.profilestream.privacyfilter.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.dlq.DeadLetter;
import io.profilestream.model.dlq.ReasonCode;
import io.profilestream.model.erasure.ErasureRequest;
import io.profilestream.model.event.EventType;
import io.profilestream.model.topic.Topics;
import io.profilestream.privacyfilter.config.FilterProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dead-letter payload policy through the real topology: every path to the dead-letter topic,
 * once with the default (no payload) and once with {@code dead-letter-payloads} on (the original
 * text). Everything but the payload is the same under both settings.
 */
class PrivacyFilterDeadLetterPayloadTopologyTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant T0 = RawEvents.RECEIVED_AT;
    private static final String RAW = Topics.RAW_EVENTS.name();
    private static final String REQUESTS = Topics.ERASURE_REQUESTS.name();
    private static final String REVIEW_TEXT = "my neighbour Jane at Elm Street 5 loves it";
    private static final String SEARCH_TEXT = "gift for jane.doe@example.com";

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> raw;
    private TestInputTopic<String, byte[]> requests;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
    }

    @ParameterizedTest(name = "dead-letter-payloads={0}")
    @ValueSource(booleans = {false, true})
    void shouldDeadLetterAMalformedEventWithItsPayloadOnlyWhenOptedIn(boolean keep) {
        start(keep);
        String payload = "{\"userId\":\"" + RawEvents.USER_ID + "\",\"context\":{\"ip\":\"" + RawEvents.IP
                + "\"},oops}";
        raw.pipeInput(RawEvents.USER_ID, payload.getBytes(StandardCharsets.UTF_8), T0);

        assertThat(deadLetters.readKeyValuesToList()).containsExactly(KeyValue.pair(null, new DeadLetter(
                ReasonCode.MALFORMED_RECORD, "not a valid RawEvent on topic " + RAW
                + ": not well-formed JSON (line 1, column 64)", "privacy-filter", RAW, 0, 0L, null,
                keep ? payload : null, NOW)));
    }

    @ParameterizedTest(name = "dead-letter-payloads={0}")
    @ValueSource(booleans = {false, true})
    void shouldDeadLetterAnEventMissingAFieldWithItsPayloadOnlyWhenOptedIn(boolean keep) {
        start(keep);
        RawEvents event = RawEvents.purchase();
        event.itemId = null;

        assertOnlyDeadLetter(send(event, T0), keep, new DeadLetter(ReasonCode.MISSING_FIELD,
                "itemId is missing or blank; it is required for type purchase", "privacy-filter", RAW, 0, 0L,
                "evt-1", null, NOW));
    }

    @ParameterizedTest(name = "dead-letter-payloads={0}")
    @ValueSource(booleans = {false, true})
    void shouldDeadLetterANewerSchemaVersionWithItsPayloadOnlyWhenOptedIn(boolean keep) {
        start(keep);
        RawEvents event = RawEvents.purchase();
        event.schemaVersion = 7;

        assertOnlyDeadLetter(send(event, T0), keep, new DeadLetter(ReasonCode.UNSUPPORTED_SCHEMA_VERSION,
                "schemaVersion 7 is newer than the newest this service understands (1)", "privacy-filter", RAW, 0, 0L,
                "evt-1", null, NOW));
    }

    @ParameterizedTest(name = "dead-letter-payloads={0}")
    @ValueSource(booleans = {false, true})
    void shouldDeadLetterAnOutOfRangeValueWithItsPayloadOnlyWhenOptedIn(boolean keep) {
        start(keep);
        RawEvents review = RawEvents.purchase();
        review.type = EventType.RATING;
        review.reviewText = REVIEW_TEXT;
        review.rating = 10;

        assertOnlyDeadLetter(send(review, T0), keep, new DeadLetter(ReasonCode.RATING_OUT_OF_RANGE,
                "rating 10 is outside 1..5", "privacy-filter", RAW, 0, 0L, "evt-1", null, NOW));
    }

    @ParameterizedTest(name = "dead-letter-payloads={0}")
    @ValueSource(booleans = {false, true})
    void shouldDeadLetterABurstWithItsPayloadOnlyWhenOptedIn(boolean keep) {
        start(keep);
        // Defaults: 100 events per user per 10 s window; 10:15:30Z starts a window.
        Instant window = Instant.parse("2026-03-01T10:15:30Z");
        String last = null;
        for (int i = 1; i <= 101; i++) {
            RawEvents event = RawEvents.purchase();
            event.eventId = "evt-" + i;
            event.receivedAt = window.plusMillis(i * 10L);
            last = send(event, event.receivedAt);
        }

        assertOnlyDeadLetter(last, keep, new DeadLetter(ReasonCode.BOT_SUSPECTED, "event 101 of this user in the "
                + "PT10S window starting at 2026-03-01T10:15:30Z, more than the 100 allowed", "privacy-filter", RAW, 0,
                100L, "evt-101", null, NOW));
    }

    @ParameterizedTest(name = "dead-letter-payloads={0}")
    @ValueSource(booleans = {false, true})
    void shouldDeadLetterAnEventOfAnErasedUserWithoutPayloadEvenWhenOptedIn(boolean keep) {
        start(keep);
        Instant erasedAt = T0.plusSeconds(60);
        requests.pipeInput(RawEvents.USER_ID, Topics.ERASURE_REQUESTS.valueSerde().serializer()
                .serialize(REQUESTS, new ErasureRequest("req-1", RawEvents.USER_ID, erasedAt)), erasedAt);
        send(RawEvents.purchase(), T0);

        assertThat(deadLetters.readKeyValuesToList()).containsExactly(KeyValue.pair("evt-1", new DeadLetter(
                ReasonCode.USER_ERASED, "the user was erased at 2026-03-01T10:16:31.250Z; events sent or received "
                + "up to then are refused", "privacy-filter", RAW, 0, 0L, "evt-1", null, NOW)));
    }

    @ParameterizedTest(name = "dead-letter-payloads={0}")
    @ValueSource(booleans = {false, true})
    void shouldDeadLetterAMalformedErasureRequestWithItsPayloadOnlyWhenOptedIn(boolean keep) {
        start(keep);
        String payload = "{\"requestId\":\"req-1\",\"userId\":\"" + RawEvents.USER_ID + "\",oops}";
        requests.pipeInput(RawEvents.USER_ID, payload.getBytes(StandardCharsets.UTF_8), T0);

        assertThat(deadLetters.readKeyValuesToList()).containsExactly(KeyValue.pair(null, new DeadLetter(
                ReasonCode.MALFORMED_RECORD, "not a valid ErasureRequest on topic " + REQUESTS
                + ": not well-formed JSON (line 1, column 52)", "privacy-filter", REQUESTS, 0, 0L, null,
                keep ? payload : null, NOW)));
    }

    @ParameterizedTest(name = "dead-letter-payloads={0}")
    @ValueSource(booleans = {false, true})
    void shouldDeadLetterAnIncompleteErasureRequestWithItsPayloadOnlyWhenOptedIn(boolean keep) {
        start(keep);
        String payload = "{\"requestId\":\"req-7\",\"userId\":\"" + RawEvents.USER_ID + "\"}";
        requests.pipeInput(RawEvents.USER_ID, payload.getBytes(StandardCharsets.UTF_8), T0);

        assertThat(deadLetters.readKeyValuesToList()).containsExactly(KeyValue.pair(null, new DeadLetter(
                ReasonCode.MISSING_FIELD, "requestedAt is missing in request req-7", "privacy-filter", REQUESTS, 0,
                0L, null, keep ? payload : null, NOW)));
    }

    @Test
    void shouldKeepRawIdentifiersAndFreeTextOffTheDeadLetterTopicByDefault() {
        start(false);
        RawEvents review = RawEvents.purchase();
        review.type = EventType.RATING;
        review.reviewText = REVIEW_TEXT;
        review.rating = 10;
        send(review, T0);
        RawEvents search = RawEvents.purchase();
        search.eventId = "evt-2";
        search.type = EventType.SEARCH;
        search.query = SEARCH_TEXT;
        search.quantity = 0;
        send(search, T0);
        raw.pipeInput(RawEvents.USER_ID, ("{\"userId\":\"" + RawEvents.USER_ID + "\",\"timestamp\":\"" + RawEvents.IP
                + "\"}").getBytes(StandardCharsets.UTF_8), T0);
        requests.pipeInput(RawEvents.USER_ID, ("{\"requestId\":\"req-1\",\"userId\":\"" + RawEvents.USER_ID
                + "\"}").getBytes(StandardCharsets.UTF_8), T0);

        TestOutputTopic<String, byte[]> bytes = driver.createOutputTopic(Topics.DEAD_LETTERS.name(),
                Topics.DEAD_LETTERS.keySerde().deserializer(), new ByteArrayDeserializer());
        List<TestRecord<String, byte[]>> letters = bytes.readRecordsToList();
        assertThat(letters).hasSize(4);
        for (TestRecord<String, byte[]> letter : letters) {
            assertThat(letter.headers().toArray()).isEmpty();
            assertThat(new String(letter.value(), StandardCharsets.UTF_8)).doesNotContain(RawEvents.USER_ID,
                    RawEvents.SESSION_ID, RawEvents.IP, RawEvents.USER_AGENT, REVIEW_TEXT, SEARCH_TEXT, "payload");
        }
    }

    @Test
    void shouldRouteEveryDeadLetterThroughThePayloadPolicyToTheSink() {
        TopologyDescription description = PrivacyFilterTopology.build(FilterProperties.defaults(),
                ExpectedPseudonyms.pseudonymizer(), Clock.fixed(NOW, ZoneOffset.UTC)).describe();

        TopologyDescription.Subtopology sub = description.subtopologies().iterator().next();
        TopologyDescription.Node policy = node(sub, DeadLetterPayloadProcessor.NAME);
        assertThat(policy.predecessors()).extracting(TopologyDescription.Node::name).containsExactlyInAnyOrder(
                ParseProcessor.NAME, NormaliseProcessor.NAME, ErasureGuardProcessor.NAME, BurstProcessor.NAME,
                EraseUserProcessor.NAME);
        assertThat(policy.successors()).extracting(TopologyDescription.Node::name)
                .containsExactly(PrivacyFilterTopology.DEAD_LETTER_SINK);
        TopologyDescription.Sink sink = (TopologyDescription.Sink) node(sub, PrivacyFilterTopology.DEAD_LETTER_SINK);
        assertThat(sink.topic()).isEqualTo(Topics.DEAD_LETTERS.name());
        assertThat(sink.predecessors()).extracting(TopologyDescription.Node::name)
                .containsExactly(DeadLetterPayloadProcessor.NAME);
    }

    private void start(boolean keepPayloads) {
        FilterProperties settings = keepPayloads ? FilterSettings.keepingDeadLetterPayloads()
                : FilterProperties.defaults();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "privacy-filter-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(PrivacyFilterTopology.build(settings, ExpectedPseudonyms.pseudonymizer(),
                Clock.fixed(NOW, ZoneOffset.UTC)), props, NOW);
        raw = driver.createInputTopic(RAW, new StringSerializer(), new ByteArraySerializer());
        requests = driver.createInputTopic(REQUESTS, new StringSerializer(), new ByteArraySerializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(),
                Topics.DEAD_LETTERS.keySerde().deserializer(), Topics.DEAD_LETTERS.valueSerde().deserializer());
    }

    /** Pipes the event to the raw topic and returns the text it was sent as. */
    private String send(RawEvents event, Instant at) {
        byte[] bytes = event.bytes();
        raw.pipeInput(RawEvents.USER_ID, bytes, at);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The one dead letter is {@code withoutPayload}, plus the original text when payloads are kept. */
    private void assertOnlyDeadLetter(String original, boolean keep, DeadLetter withoutPayload) {
        DeadLetter expected = new DeadLetter(withoutPayload.reason(), withoutPayload.detail(), withoutPayload.stage(),
                withoutPayload.sourceTopic(), withoutPayload.partition(), withoutPayload.offset(),
                withoutPayload.eventId(), keep ? original : null, withoutPayload.divertedAt());
        assertThat(deadLetters.readKeyValuesToList())
                .containsExactly(KeyValue.pair(withoutPayload.eventId(), expected));
    }

    private static TopologyDescription.Node node(TopologyDescription.Subtopology sub, String name) {
        return sub.nodes().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }
}
