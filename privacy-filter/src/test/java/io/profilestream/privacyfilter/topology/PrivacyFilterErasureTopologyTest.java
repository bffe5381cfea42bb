package io.profilestream.privacyfilter.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.dlq.DeadLetter;
import io.profilestream.model.dlq.ReasonCode;
import io.profilestream.model.erasure.ErasureCommand;
import io.profilestream.model.erasure.ErasureRequest;
import io.profilestream.model.erasure.ErasureStatus;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.topic.Topics;
import io.profilestream.privacyfilter.config.FilterProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasure through the real topology, with its RocksDB stores, through TopologyTestDriver; with
 * dead-letter payloads on, so the tests also show that {@code USER_ERASED} never keeps one.
 */
class PrivacyFilterErasureTopologyTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    /** A minute after the default test event was received. */
    private static final Instant ERASED_AT = RawEvents.RECEIVED_AT.plusSeconds(60);
    private static final String USER_KEY = ExpectedPseudonyms.user(RawEvents.USER_ID);
    private static final String RAW = Topics.RAW_EVENTS.name();
    private static final String REQUESTS = Topics.ERASURE_REQUESTS.name();

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> raw;
    private TestInputTopic<String, byte[]> requests;
    private TestOutputTopic<String, CleanEvent> clean;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private TestOutputTopic<String, ErasureCommand> erasures;
    private TestOutputTopic<String, ErasureStatus> status;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "privacy-filter-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(PrivacyFilterTopology.build(FilterSettings.keepingDeadLetterPayloads(),
                ExpectedPseudonyms.pseudonymizer(), Clock.fixed(NOW, ZoneOffset.UTC)), props, NOW);
        raw = driver.createInputTopic(RAW, new StringSerializer(), new ByteArraySerializer());
        requests = driver.createInputTopic(REQUESTS, new StringSerializer(), new ByteArraySerializer());
        clean = output(Topics.CLEAN_EVENTS);
        deadLetters = output(Topics.DEAD_LETTERS);
        erasures = output(Topics.ERASURES);
        status = output(Topics.ERASURE_STATUS);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void shouldPublishTheErasureCommandKeyedByThePseudonymAndACompletedStatus() {
        erase("req-1", ERASED_AT);

        ErasureCommand command = new ErasureCommand("req-1", USER_KEY, ExpectedPseudonyms.KEY_ID, ERASED_AT);
        TestRecord<String, ErasureCommand> out = erasures.readRecord();
        assertThat(out.key()).isEqualTo(USER_KEY);
        assertThat(out.value()).isEqualTo(command);
        assertThat(out.getRecordTime()).isEqualTo(ERASED_AT);
        assertThat(erasures.isEmpty()).isTrue();
        TestRecord<String, ErasureStatus> confirmation = status.readRecord();
        assertThat(confirmation.key()).isEqualTo(USER_KEY + "/privacy-filter");
        assertThat(confirmation.value()).isEqualTo(new ErasureStatus("req-1", USER_KEY, "privacy-filter",
                ErasureStatus.State.COMPLETED, ERASED_AT, NOW,
                "erased-users marker set to 2026-03-01T10:16:31.250Z; 0 burst-count windows deleted"));
        assertThat(confirmation.getRecordTime()).isEqualTo(ERASED_AT);
        assertThat(status.isEmpty()).isTrue();
        assertThat(driver.<String, Long>getKeyValueStore(ErasureGuardProcessor.STORE_NAME).get(USER_KEY))
                .isEqualTo(ERASED_AT.toEpochMilli());
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepTheRawUserIdOutOfErasureCommandsAndStatus() {
        erase("req-1", ERASED_AT);

        // Read as bytes before anything else consumes them: output topics of one name share a queue.
        assertThat(bytesOf(Topics.ERASURES.name())).contains(USER_KEY).doesNotContain(RawEvents.USER_ID);
        assertThat(bytesOf(Topics.ERASURE_STATUS.name())).contains(USER_KEY).doesNotContain(RawEvents.USER_ID);
    }

    @Test
    void shouldRefuseAnEventReceivedBeforeTheErasureButProcessedAfterItWithoutItsPayload() {
        erase("req-1", ERASED_AT);
        raw.pipeInput(RawEvents.USER_ID, RawEvents.purchase().bytes(), RawEvents.RECEIVED_AT);

        assertThat(clean.isEmpty()).isTrue();
        TestOutputTopic<String, byte[]> letterBytes = driver.createOutputTopic(Topics.DEAD_LETTERS.name(),
                Topics.DEAD_LETTERS.keySerde().deserializer(), new ByteArrayDeserializer());
        List<TestRecord<String, byte[]>> letters = letterBytes.readRecordsToList();
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).key()).isEqualTo("evt-1");
        assertThat(letters.get(0).headers().toArray()).isEmpty();
        assertThat(Topics.DEAD_LETTERS.valueSerde().deserializer().deserialize(Topics.DEAD_LETTERS.name(),
                letters.get(0).value())).isEqualTo(new DeadLetter(ReasonCode.USER_ERASED,
                "the user was erased at 2026-03-01T10:16:31.250Z; events sent or received up to then are refused",
                "privacy-filter", RAW, 0, 0L, "evt-1", null, NOW));
        assertThat(new String(letters.get(0).value(), StandardCharsets.UTF_8)).doesNotContain(RawEvents.USER_ID,
                USER_KEY, RawEvents.SESSION_ID, RawEvents.IP, RawEvents.USER_AGENT, "sku-123", "payload");
        assertThat(driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("dead-letters-user-erased-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum()).isEqualTo(1.0);
    }

    @Test
    void shouldPassAnEventSentAndReceivedAfterTheErasure() {
        erase("req-1", ERASED_AT);
        RawEvents comeback = RawEvents.purchase();
        comeback.eventId = "evt-after";
        comeback.timestamp = ERASED_AT.plusMillis(1);
        comeback.receivedAt = ERASED_AT.plusMillis(2);
        raw.pipeInput(RawEvents.USER_ID, comeback.bytes(), comeback.receivedAt);

        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(clean.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value.eventId(),
                kv -> kv.value.eventTime())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(USER_KEY, "evt-after", ERASED_AT.plusMillis(1)));
    }

    @Test
    void shouldGiveAnErasedUserAFreshBurstCount() {
        // Defaults: 100 events per user per 10 s window; 10:15:30Z starts a window.
        Instant window = Instant.parse("2026-03-01T10:15:30Z");
        for (int i = 1; i <= 100; i++) {
            send("evt-" + i, window.plusMillis(i * 10L));
        }
        erase("req-1", window.plusSeconds(2));
        send("evt-101", window.plusSeconds(3));
        send("evt-102", window.plusSeconds(4));

        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(clean.readValuesToList()).extracting(CleanEvent::eventId).hasSize(102)
                .contains("evt-1", "evt-100", "evt-101", "evt-102");
        assertThat(status.readValue().detail())
                .isEqualTo("erased-users marker set to 2026-03-01T10:15:32Z; 1 burst-count window deleted");
        WindowStore<String, Long> counts = driver.getWindowStore(BurstProcessor.STORE_NAME);
        assertThat(counts.fetch(USER_KEY, window.toEpochMilli())).isEqualTo(2L);
    }

    @Test
    void shouldDeadLetterAMalformedErasureRequestAndKeepGoing() {
        String payload = "{\"requestId\":\"req-1\",oops}";
        requests.pipeInput(RawEvents.USER_ID, payload.getBytes(StandardCharsets.UTF_8), ERASED_AT);
        erase("req-2", ERASED_AT.plusSeconds(1));

        TestRecord<String, DeadLetter> out = deadLetters.readRecord();
        assertThat(out.key()).isNull();
        assertThat(out.getRecordTime()).isEqualTo(ERASED_AT);
        DeadLetter letter = out.value();
        assertThat(letter).isEqualTo(new DeadLetter(ReasonCode.MALFORMED_RECORD, "not a valid ErasureRequest on topic "
                + REQUESTS + ": not well-formed JSON (line 1, column 22)", "privacy-filter", REQUESTS, 0, 0L, null,
                payload, NOW));
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(erasures.readValuesToList()).containsExactly(
                new ErasureCommand("req-2", USER_KEY, ExpectedPseudonyms.KEY_ID, ERASED_AT.plusSeconds(1)));
    }

    @Test
    void shouldPurgeAMarkerOnceItsLifetimeHasPassedOnTheWallClock() {
        erase("req-1", NOW);
        KeyValueStore<String, Long> markers = driver.getKeyValueStore(ErasureGuardProcessor.STORE_NAME);
        Duration lifetime = ErasureGuardProcessor.markerLifetime(FilterProperties.defaults());

        driver.advanceWallClockTime(lifetime);
        assertThat(markers.get(USER_KEY)).isEqualTo(NOW.toEpochMilli());

        driver.advanceWallClockTime(ErasureGuardProcessor.PURGE_INTERVAL);
        assertThat(markers.get(USER_KEY)).isNull();
    }

    private void erase(String requestId, Instant requestedAt) {
        requests.pipeInput(RawEvents.USER_ID, Topics.ERASURE_REQUESTS.valueSerde().serializer()
                .serialize(REQUESTS, new ErasureRequest(requestId, RawEvents.USER_ID, requestedAt)), requestedAt);
    }

    private void send(String eventId, Instant at) {
        RawEvents event = RawEvents.purchase();
        event.eventId = eventId;
        event.timestamp = at;
        event.receivedAt = at;
        raw.pipeInput(RawEvents.USER_ID, event.bytes(), at);
    }

    private <V> TestOutputTopic<String, V> output(io.profilestream.model.topic.Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    /** Keys, values and headers of every record on {@code topic} so far, as UTF-8 text. */
    private String bytesOf(String topic) {
        TestOutputTopic<byte[], byte[]> bytes = driver.createOutputTopic(topic, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        StringBuilder text = new StringBuilder();
        List<TestRecord<byte[], byte[]>> records = bytes.readRecordsToList();
        for (TestRecord<byte[], byte[]> record : records) {
            text.append(record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8))
                    .append(new String(record.value(), StandardCharsets.UTF_8));
            for (Header header : record.headers()) {
                text.append(header.key()).append(new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return text.toString();
    }
}
