package io.profilestream.privacyfilter.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.dlq.DeadLetter;
import io.profilestream.model.dlq.ReasonCode;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.EventType;
import io.profilestream.model.topic.Topics;
import io.profilestream.privacyfilter.config.FilterProperties;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real topology, with its RocksDB window store, through TopologyTestDriver; dead letters keep
 * their payload here (see {@link PrivacyFilterDeadLetterPayloadTopologyTest} for the default).
 */
class PrivacyFilterTopologyTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant T0 = RawEvents.RECEIVED_AT;
    private static final String RAW = Topics.RAW_EVENTS.name();

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> raw;
    private TestOutputTopic<String, CleanEvent> clean;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void setUp() {
        Topology topology = PrivacyFilterTopology.build(FilterSettings.keepingDeadLetterPayloads(),
                ExpectedPseudonyms.pseudonymizer(), Clock.fixed(NOW, ZoneOffset.UTC));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "privacy-filter-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(topology, props);
        raw = driver.createInputTopic(RAW, new StringSerializer(), new ByteArraySerializer());
        clean = driver.createOutputTopic(Topics.CLEAN_EVENTS.name(), Topics.CLEAN_EVENTS.keySerde().deserializer(),
                Topics.CLEAN_EVENTS.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.keySerde().deserializer(),
                Topics.DEAD_LETTERS.valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void shouldPublishPseudonymisedCleanEventKeyedByUserKey() {
        raw.pipeInput(RawEvents.USER_ID, RawEvents.purchase().bytes(), T0);

        String userKey = ExpectedPseudonyms.user(RawEvents.USER_ID);
        TestRecord<String, CleanEvent> out = clean.readRecord();
        assertThat(out.key()).isEqualTo(userKey);
        assertThat(out.getRecordTime()).isEqualTo(T0);
        assertThat(out.value()).isEqualTo(new CleanEvent(1, "evt-1", userKey, "k-test",
                ExpectedPseudonyms.session(RawEvents.SESSION_ID), EventType.PURCHASE, "sku-123",
                "electronics.smartphone", "acme", new BigDecimal("199.99"), "EUR", 2, null, null, null,
                RawEvents.CLIENT_TIME));
        assertThat(clean.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepRawIdentifiersAndContextOutOfCleanTopicBytes() {
        RawEvents search = RawEvents.purchase();
        search.eventId = "evt-2";
        search.type = EventType.SEARCH;
        search.itemId = null;
        search.query = "running shoes";
        raw.pipeInput(RawEvents.USER_ID, RawEvents.purchase().bytes(), T0);
        raw.pipeInput(RawEvents.USER_ID, search.bytes(), T0.plusSeconds(1));

        TestOutputTopic<byte[], byte[]> cleanBytes = driver.createOutputTopic(Topics.CLEAN_EVENTS.name(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TestRecord<byte[], byte[]>> records = cleanBytes.readRecordsToList();
        assertThat(records).hasSize(2);
        for (TestRecord<byte[], byte[]> record : records) {
            StringBuilder serialized = new StringBuilder()
                    .append(new String(record.key(), StandardCharsets.UTF_8))
                    .append(new String(record.value(), StandardCharsets.UTF_8));
            for (Header header : record.headers()) {
                serialized.append(header.key()).append(new String(header.value(), StandardCharsets.UTF_8));
            }
            assertThat(serialized.toString())
                    .contains(ExpectedPseudonyms.user(RawEvents.USER_ID))
                    .doesNotContain(RawEvents.USER_ID, RawEvents.SESSION_ID, RawEvents.IP, RawEvents.USER_AGENT,
                            "userId", "sessionId", "context");
        }
    }

    @Test
    void shouldDropDuplicateEventIds() {
        raw.pipeInput(RawEvents.USER_ID, RawEvents.purchase().bytes(), T0);
        raw.pipeInput(RawEvents.USER_ID, RawEvents.purchase().bytes(), T0.plus(Duration.ofHours(3)));

        assertThat(clean.readKeyValuesToList())
                .extracting(kv -> kv.value.eventId())
                .containsExactly("evt-1");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldPassDuplicateAgainAfterWindowExpires() {
        raw.pipeInput(RawEvents.USER_ID, RawEvents.purchase().bytes(), T0);
        raw.pipeInput(RawEvents.USER_ID, RawEvents.purchase().bytes(), T0.plus(Duration.ofHours(24)).plusMillis(1));

        List<TestRecord<String, CleanEvent>> out = clean.readRecordsToList();
        assertThat(out).extracting(r -> r.value().eventId()).containsExactly("evt-1", "evt-1");
        assertThat(out).extracting(TestRecord::getRecordTime)
                .containsExactly(T0, T0.plus(Duration.ofHours(24)).plusMillis(1));
    }

    @Test
    void shouldKeepDuplicateDroppedWhenArrivingExactlyOneWindowLater() {
        raw.pipeInput(RawEvents.USER_ID, RawEvents.purchase().bytes(), T0);
        raw.pipeInput(RawEvents.USER_ID, RawEvents.purchase().bytes(), T0.plus(Duration.ofHours(24)));

        assertThat(clean.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldDivertMalformedJsonWithExactPayloadAndOffset() {
        String payload = "{\"schemaVersion\":1,\"eventId\":\"evt-9\",oops}";
        raw.pipeInput(RawEvents.USER_ID, RawEvents.purchase().bytes(), T0);
        raw.pipeInput(RawEvents.USER_ID, payload.getBytes(StandardCharsets.UTF_8), T0.plusSeconds(5));

        TestRecord<String, DeadLetter> out = deadLetters.readRecord();
        assertThat(out.key()).isNull();
        assertThat(out.getRecordTime()).isEqualTo(T0.plusSeconds(5));
        DeadLetter letter = out.value();
        assertThat(letter.reason()).isEqualTo(ReasonCode.MALFORMED_RECORD);
        assertThat(letter.detail())
                .isEqualTo("not a valid RawEvent on topic " + RAW + ": not well-formed JSON (line 1, column 38)");
        assertThat(letter.stage()).isEqualTo("privacy-filter");
        assertThat(letter.sourceTopic()).isEqualTo(RAW);
        assertThat(letter.partition()).isEqualTo(0);
        assertThat(letter.offset()).isEqualTo(1L);
        assertThat(letter.eventId()).isNull();
        assertThat(letter.payload()).isEqualTo(payload);
        assertThat(letter.divertedAt()).isEqualTo(NOW);
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(clean.readValuesToList()).extracting(CleanEvent::eventId).containsExactly("evt-1");
    }

    @Test
    void shouldKeepProcessingAfterPoisonRecord() {
        raw.pipeInput(RawEvents.USER_ID, new byte[] {(byte) 0xC3, 0x28, 0x00, (byte) 0xFF}, T0);
        raw.pipeInput(RawEvents.USER_ID, RawEvents.purchase().bytes(), T0.plusSeconds(1));

        assertThat(deadLetters.readValue().reason()).isEqualTo(ReasonCode.MALFORMED_RECORD);
        assertThat(clean.readValuesToList()).extracting(CleanEvent::eventId).containsExactly("evt-1");
    }

    static Stream<Arguments> rejections() {
        return Stream.of(
                Arguments.of(ReasonCode.UNSUPPORTED_SCHEMA_VERSION, (Consumer<RawEvents>) e -> e.schemaVersion = 7,
                        "schemaVersion 7 is newer than the newest this service understands (1)", "evt-1"),
                Arguments.of(ReasonCode.MISSING_FIELD, (Consumer<RawEvents>) e -> e.eventId = null,
                        "eventId is missing or blank", null),
                Arguments.of(ReasonCode.MISSING_FIELD, (Consumer<RawEvents>) e -> e.userId = null,
                        "userId is missing or blank", "evt-1"),
                Arguments.of(ReasonCode.MISSING_FIELD, (Consumer<RawEvents>) e -> e.type = null,
                        "type is missing", "evt-1"),
                Arguments.of(ReasonCode.MISSING_FIELD, (Consumer<RawEvents>) e -> e.itemId = null,
                        "itemId is missing or blank; it is required for type purchase", "evt-1"),
                Arguments.of(ReasonCode.INVALID_CURRENCY, (Consumer<RawEvents>) e -> e.currency = "eu",
                        "currency is not a three-letter ISO 4217 code (it has 2 characters)", "evt-1"),
                Arguments.of(ReasonCode.QUANTITY_OUT_OF_RANGE, (Consumer<RawEvents>) e -> e.quantity = 5000,
                        "quantity 5000 is outside 1..1000", "evt-1"),
                Arguments.of(ReasonCode.PRICE_OUT_OF_RANGE, (Consumer<RawEvents>) e -> e.price = new BigDecimal("-5"),
                        "price -5 is outside 0..1000000", "evt-1"),
                Arguments.of(ReasonCode.RATING_OUT_OF_RANGE, (Consumer<RawEvents>) e -> {
                    e.type = EventType.RATING;
                    e.rating = 10;
                }, "rating 10 is outside 1..5", "evt-1"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("rejections")
    void shouldDeadLetterEndToEndWithReasonCode(ReasonCode reason, Consumer<RawEvents> change, String detail,
                                                String eventId) {
        RawEvents event = RawEvents.purchase();
        change.accept(event);
        byte[] bytes = event.bytes();
        RawEvents earlier = RawEvents.purchase();
        earlier.eventId = "evt-0";
        raw.pipeInput(RawEvents.USER_ID, earlier.bytes(), T0.minusSeconds(1));
        raw.pipeInput(RawEvents.USER_ID, bytes, T0);

        assertThat(deadLetters.readKeyValuesToList()).containsExactly(KeyValue.pair(eventId, new DeadLetter(
                reason, detail, "privacy-filter", RAW, 0, 1L, eventId, new String(bytes, StandardCharsets.UTF_8), NOW)));
        // Only the valid record before it reaches the clean topic; the rejected one never does.
        assertThat(clean.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldDeadLetterEveryRejectedAttemptAndAcceptACorrectedResendWithTheSameId() {
        RawEvents bad = RawEvents.purchase();
        bad.quantity = 0;
        raw.pipeInput(RawEvents.USER_ID, bad.bytes(), T0);
        raw.pipeInput(RawEvents.USER_ID, bad.bytes(), T0.plusSeconds(30));
        RawEvents corrected = RawEvents.purchase();
        corrected.quantity = 2;
        raw.pipeInput(RawEvents.USER_ID, corrected.bytes(), T0.plusSeconds(60));

        assertThat(deadLetters.readValuesToList()).extracting(DeadLetter::offset).containsExactly(0L, 1L);
        assertThat(clean.readValuesToList()).extracting(CleanEvent::eventId, CleanEvent::quantity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("evt-1", 2));
    }

    @Test
    void shouldDeadLetterTimestampsBeyondTheAllowedClockSkew() {
        RawEvents future = RawEvents.purchase();
        future.timestamp = T0.plus(Duration.ofMinutes(6));
        future.receivedAt = T0;
        raw.pipeInput(RawEvents.USER_ID, future.bytes(), T0);
        RawEvents skewed = RawEvents.purchase();
        skewed.eventId = "evt-2";
        skewed.timestamp = T0.plus(Duration.ofMinutes(5));
        skewed.receivedAt = T0;
        raw.pipeInput(RawEvents.USER_ID, skewed.bytes(), T0);

        assertThat(deadLetters.readValuesToList()).extracting(DeadLetter::reason, DeadLetter::detail)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ReasonCode.TIMESTAMP_IN_FUTURE,
                        "timestamp " + T0.plus(Duration.ofMinutes(6)) + " is more than PT5M after the receive time " + T0));
        assertThat(clean.readValuesToList()).extracting(CleanEvent::eventId, CleanEvent::eventTime)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("evt-2", T0.plus(Duration.ofMinutes(5))));
    }

    @Test
    void shouldKeepEventIdsInPersistentLoggedWindowStore() {
        assertThat(driver.getWindowStore(DedupeProcessor.STORE_NAME).persistent()).isTrue();
        raw.pipeInput(RawEvents.USER_ID, RawEvents.purchase().bytes(), T0);
        try (WindowStoreIterator<Long> seen = driver.<String, Long>getWindowStore(DedupeProcessor.STORE_NAME)
                .fetch("evt-1", T0.minusMillis(1), T0.plusMillis(1))) {
            assertThat(seen.next()).isEqualTo(KeyValue.pair(T0.toEpochMilli(), T0.toEpochMilli()));
            assertThat(seen.hasNext()).isFalse();
        }
        assertThat(driver.producedTopicNames()).containsExactlyInAnyOrder(Topics.CLEAN_EVENTS.name(),
                "privacy-filter-test-" + DedupeProcessor.STORE_NAME + "-changelog",
                "privacy-filter-test-" + BurstProcessor.STORE_NAME + "-changelog");
    }

    @Test
    void shouldChainProcessorsInDocumentedOrder() {
        TopologyDescription description = PrivacyFilterTopology.build(FilterProperties.defaults(),
                ExpectedPseudonyms.pseudonymizer(), Clock.fixed(NOW, ZoneOffset.UTC)).describe();

        assertThat(description.subtopologies()).hasSize(1);
        TopologyDescription.Subtopology sub = description.subtopologies().iterator().next();
        assertThat(successors(sub, PrivacyFilterTopology.SOURCE)).containsExactly(ParseProcessor.NAME);
        assertThat(successors(sub, ParseProcessor.NAME))
                .containsExactlyInAnyOrder(NormaliseProcessor.NAME, DeadLetterPayloadProcessor.NAME);
        assertThat(successors(sub, NormaliseProcessor.NAME))
                .containsExactlyInAnyOrder(ErasureGuardProcessor.NAME, DeadLetterPayloadProcessor.NAME);
        assertThat(successors(sub, ErasureGuardProcessor.NAME))
                .containsExactlyInAnyOrder(DedupeProcessor.NAME, DeadLetterPayloadProcessor.NAME);
        assertThat(successors(sub, DedupeProcessor.NAME)).containsExactly(BurstProcessor.NAME);
        assertThat(successors(sub, BurstProcessor.NAME))
                .containsExactlyInAnyOrder(PseudonymiseProcessor.NAME, DeadLetterPayloadProcessor.NAME);
        assertThat(successors(sub, PseudonymiseProcessor.NAME))
                .containsExactlyInAnyOrder(PrivacyFilterTopology.CLEAN_SINK, PrivacyFilterTopology.REKEYS_SINK);
        TopologyDescription.Processor dedupe = (TopologyDescription.Processor) node(sub, DedupeProcessor.NAME);
        assertThat(dedupe.stores()).containsExactly(DedupeProcessor.STORE_NAME);
        TopologyDescription.Processor burst = (TopologyDescription.Processor) node(sub, BurstProcessor.NAME);
        assertThat(burst.stores()).containsExactly(BurstProcessor.STORE_NAME);
        // Erasure requests share the sub-topology (and so the task) with the user's raw events.
        assertThat(successors(sub, PrivacyFilterTopology.ERASURE_REQUESTS_SOURCE)).containsExactly(EraseUserProcessor.NAME);
        assertThat(successors(sub, EraseUserProcessor.NAME)).containsExactlyInAnyOrder(PrivacyFilterTopology.ERASURES_SINK,
                PrivacyFilterTopology.ERASURE_STATUS_SINK, DeadLetterPayloadProcessor.NAME);
        assertThat(((TopologyDescription.Processor) node(sub, EraseUserProcessor.NAME)).stores())
                .containsExactlyInAnyOrder(ErasureGuardProcessor.STORE_NAME, BurstProcessor.STORE_NAME,
                        PseudonymiseProcessor.REKEYED_STORE);
        assertThat(((TopologyDescription.Processor) node(sub, ErasureGuardProcessor.NAME)).stores())
                .containsExactly(ErasureGuardProcessor.STORE_NAME);
    }

    @Test
    void shouldDivertEventsBeyondTheBurstLimitWithinOneWindowAsBotSuspected() {
        // Defaults: 100 events per user per 10 s window, counted by ingest's receive time.
        Instant windowStart = Instant.parse("2026-03-01T10:15:30Z");
        for (int i = 1; i <= 101; i++) {
            RawEvents event = RawEvents.purchase();
            event.eventId = "evt-" + i;
            event.receivedAt = windowStart.plusMillis(i * 10L);
            raw.pipeInput(RawEvents.USER_ID, event.bytes(), event.receivedAt);
        }
        RawEvents otherUser = RawEvents.purchase();
        otherUser.eventId = "evt-other";
        otherUser.userId = "another-user";
        otherUser.receivedAt = windowStart.plusSeconds(2);
        raw.pipeInput(otherUser.userId, otherUser.bytes(), otherUser.receivedAt);
        RawEvents nextWindow = RawEvents.purchase();
        nextWindow.eventId = "evt-next-window";
        nextWindow.receivedAt = windowStart.plusSeconds(10);
        raw.pipeInput(RawEvents.USER_ID, nextWindow.bytes(), nextWindow.receivedAt);

        assertThat(clean.readValuesToList()).extracting(CleanEvent::eventId).hasSize(102)
                .contains("evt-1", "evt-100", "evt-other", "evt-next-window").doesNotContain("evt-101");
        List<DeadLetter> letters = deadLetters.readValuesToList();
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).reason()).isEqualTo(ReasonCode.BOT_SUSPECTED);
        assertThat(letters.get(0).eventId()).isEqualTo("evt-101");
        assertThat(letters.get(0).detail()).isEqualTo("event 101 of this user in the PT10S window starting at "
                + "2026-03-01T10:15:30Z, more than the 100 allowed");
    }

    @Test
    void shouldCountEveryDiversionInAMetricNamedAfterItsReasonCode() {
        RawEvents old = RawEvents.purchase();
        old.eventId = "evt-old";
        old.timestamp = RawEvents.RECEIVED_AT.minus(java.time.Duration.ofDays(31));
        RawEvents badRating = RawEvents.purchase();
        badRating.eventId = "evt-rating";
        badRating.rating = 9;
        raw.pipeInput(RawEvents.USER_ID, old.bytes(), T0);
        raw.pipeInput(RawEvents.USER_ID, badRating.bytes(), T0);
        raw.pipeInput(RawEvents.USER_ID, "{not json".getBytes(StandardCharsets.UTF_8), T0);

        assertThat(deadLetters.readValuesToList()).extracting(DeadLetter::reason).containsExactly(
                ReasonCode.TIMESTAMP_TOO_OLD, ReasonCode.RATING_OUT_OF_RANGE, ReasonCode.MALFORMED_RECORD);
        assertThat(diversions("dead-letters-timestamp-too-old-total")).isEqualTo(1.0);
        assertThat(diversions("dead-letters-rating-out-of-range-total")).isEqualTo(1.0);
        assertThat(diversions("dead-letters-malformed-record-total")).isEqualTo(1.0);
        assertThat(diversions("dead-letters-bot-suspected-total")).isZero();
    }

    private double diversions(String metric) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(metric) && e.getKey().group().equals("stream-privacy-filter-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    @Test
    void shouldNotCountRetriesOfOneEventTowardsTheBurstLimit() {
        for (int i = 0; i < 150; i++) {
            raw.pipeInput(RawEvents.USER_ID, RawEvents.purchase().bytes(), T0.plusMillis(i));
        }

        assertThat(clean.readValuesToList()).hasSize(1);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepBurstCountsUnderThePseudonymNotTheRawUserId() {
        raw.pipeInput(RawEvents.USER_ID, RawEvents.purchase().bytes(), T0);

        long windowStart = T0.toEpochMilli() - Math.floorMod(T0.toEpochMilli(), 10_000L);
        org.apache.kafka.streams.state.WindowStore<String, Long> store =
                driver.getWindowStore(BurstProcessor.STORE_NAME);
        assertThat(store.fetch(ExpectedPseudonyms.user(RawEvents.USER_ID), windowStart)).isEqualTo(1L);
        assertThat(store.fetch(RawEvents.USER_ID, windowStart)).isNull();
    }

    private static List<String> successors(TopologyDescription.Subtopology sub, String name) {
        return node(sub, name).successors().stream().map(TopologyDescription.Node::name).toList();
    }

    private static TopologyDescription.Node node(TopologyDescription.Subtopology sub, String name) {
        return sub.nodes().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }
}
