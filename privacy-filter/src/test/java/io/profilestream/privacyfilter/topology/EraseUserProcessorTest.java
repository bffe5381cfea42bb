package io.profilestream.privacyfilter.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.dlq.DeadLetter;
import io.profilestream.model.dlq.ReasonCode;
import io.profilestream.model.erasure.ErasureCommand;
import io.profilestream.model.erasure.ErasureRequest;
import io.profilestream.model.erasure.ErasureStatus;
import io.profilestream.model.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EraseUserProcessorTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant REQUESTED_AT = Instant.parse("2026-03-01T11:59:58.500Z");
    private static final Duration BOT_WINDOW = Duration.ofSeconds(10);
    private static final String USER_KEY = ExpectedPseudonyms.user(RawEvents.USER_ID);
    private static final String OTHER_KEY = ExpectedPseudonyms.user("another-user");
    private static final String TOPIC = Topics.ERASURE_REQUESTS.name();

    @TempDir
    Path stateDir;

    private MockProcessorContext<String, Object> context;
    private final EraseUserProcessor processor =
            new EraseUserProcessor(ExpectedPseudonyms.pseudonymizer(), Clock.fixed(NOW, ZoneOffset.UTC));
    private KeyValueStore<String, Long> markers;
    private WindowStore<String, Long> burstCounts;
    private KeyValueStore<String, Long> rekeyed;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>(new Properties(), new TaskId(0, 3), stateDir.toFile());
        context.setRecordMetadata(TOPIC, 3, 11L);
        // The real RocksDB stores; MockProcessorContext has no changelog to write to.
        markers = ErasureGuardProcessor.storeBuilder().withLoggingDisabled().build();
        markers.init(context.getStateStoreContext(), markers);
        context.addStateStore(markers);
        burstCounts = BurstProcessor.storeBuilder(BOT_WINDOW).withLoggingDisabled().build();
        burstCounts.init(context.getStateStoreContext(), burstCounts);
        context.addStateStore(burstCounts);
        rekeyed = PseudonymiseProcessor.rekeyedStoreBuilder().withLoggingDisabled().build();
        rekeyed.init(context.getStateStoreContext(), rekeyed);
        context.addStateStore(rekeyed);
        processor.init(context);
    }

    @AfterEach
    void tearDown() {
        markers.close();
        burstCounts.close();
        rekeyed.close();
    }

    @Test
    void shouldMarkTheUserDeleteItsBurstCountsAndPublishCommandAndStatus() {
        long window1 = ts(NOW.minusSeconds(10));
        long window2 = ts(NOW);
        burstCounts.put(USER_KEY, 57L, window1);
        burstCounts.put(USER_KEY, 3L, window2);
        burstCounts.put(OTHER_KEY, 9L, window2);

        processor.process(request(RawEvents.USER_ID, new ErasureRequest("req-1", RawEvents.USER_ID, REQUESTED_AT)));

        assertThat(markers.get(USER_KEY)).isEqualTo(ts(REQUESTED_AT));
        assertThat(windows(USER_KEY)).isEmpty();
        assertThat(windows(OTHER_KEY)).containsExactly(KeyValue.pair(window2, 9L));
        ErasureCommand command = new ErasureCommand("req-1", USER_KEY, ExpectedPseudonyms.KEY_ID, REQUESTED_AT);
        assertThat(forwarded(PrivacyFilterTopology.ERASURES_SINK))
                .containsExactly(new Record<>(USER_KEY, command, ts(REQUESTED_AT)));
        assertThat(forwarded(PrivacyFilterTopology.ERASURE_STATUS_SINK)).containsExactly(new Record<>(
                USER_KEY + "/privacy-filter",
                new ErasureStatus("req-1", USER_KEY, "privacy-filter", ErasureStatus.State.COMPLETED, REQUESTED_AT, NOW,
                        "erased-users marker set to 2026-03-01T11:59:58.500Z; 2 burst-count windows deleted"),
                ts(REQUESTED_AT)));
        assertThat(context.forwarded(DeadLetterPayloadProcessor.NAME)).isEmpty();
    }

    @Test
    void shouldAlsoCommandTheErasureOfThePreviousPseudonymDuringARotationWithoutMarkerOrStatus() {
        String oldKey = ExpectedPseudonyms.previousUser(RawEvents.USER_ID);
        rekeyed.put(USER_KEY, ts(REQUESTED_AT.minusSeconds(3600)));
        rekeyed.put(OTHER_KEY, ts(REQUESTED_AT.minusSeconds(3600)));
        EraseUserProcessor rotating = new EraseUserProcessor(ExpectedPseudonyms.pseudonymizer(),
                Optional.of(ExpectedPseudonyms.previousPseudonymizer()), Clock.fixed(NOW, ZoneOffset.UTC));
        rotating.init(context);

        rotating.process(request(RawEvents.USER_ID, new ErasureRequest("req-1", RawEvents.USER_ID, REQUESTED_AT)));

        assertThat(forwarded(PrivacyFilterTopology.ERASURES_SINK)).containsExactly(
                new Record<>(USER_KEY, new ErasureCommand("req-1", USER_KEY, "k-test", REQUESTED_AT), ts(REQUESTED_AT)),
                new Record<>(oldKey, new ErasureCommand("req-1", oldKey, "k-old", REQUESTED_AT), ts(REQUESTED_AT)));
        assertThat(forwarded(PrivacyFilterTopology.ERASURE_STATUS_SINK))
                .extracting(r -> r.key(), r -> ((ErasureStatus) r.value()).detail())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(USER_KEY + "/privacy-filter",
                        "erased-users marker set to 2026-03-01T11:59:58.500Z; 0 burst-count windows deleted; "
                                + "rekeyed-users entry deleted; erasure command also sent for the pseudonym under "
                                + "previous key k-old"));
        assertThat(markers.get(USER_KEY)).isEqualTo(ts(REQUESTED_AT));
        assertThat(markers.get(oldKey)).isNull();
        assertThat(rekeyed.get(USER_KEY)).isNull();
        assertThat(rekeyed.get(OTHER_KEY)).isEqualTo(ts(REQUESTED_AT.minusSeconds(3600)));
    }

    @Test
    void shouldKeepTheLaterMarkerWhenAnOlderRequestArrivesAfterANewerOne() {
        Instant later = REQUESTED_AT.plusSeconds(60);
        markers.put(USER_KEY, ts(later));

        processor.process(request(RawEvents.USER_ID, new ErasureRequest("req-old", RawEvents.USER_ID, REQUESTED_AT)));

        assertThat(markers.get(USER_KEY)).isEqualTo(ts(later));
        assertThat(forwarded(PrivacyFilterTopology.ERASURES_SINK)).extracting(r -> (Object) r.value())
                .containsExactly(new ErasureCommand("req-old", USER_KEY, ExpectedPseudonyms.KEY_ID, REQUESTED_AT));
        assertThat(forwarded(PrivacyFilterTopology.ERASURE_STATUS_SINK))
                .extracting(r -> ((ErasureStatus) r.value()).detail())
                .containsExactly("erased-users marker set to 2026-03-01T12:00:58.500Z; 0 burst-count windows deleted");
    }

    @Test
    void shouldPseudonymiseTheTrimmedUserIdAsNormaliseTrimsTheEvents() {
        burstCounts.put(USER_KEY, 1L, ts(NOW));

        processor.process(request(RawEvents.USER_ID,
                new ErasureRequest("req-1", " " + RawEvents.USER_ID + "\t", REQUESTED_AT)));

        assertThat(markers.get(USER_KEY)).isEqualTo(ts(REQUESTED_AT));
        assertThat(forwarded(PrivacyFilterTopology.ERASURE_STATUS_SINK))
                .extracting(r -> ((ErasureStatus) r.value()).detail())
                .containsExactly("erased-users marker set to 2026-03-01T11:59:58.500Z; 1 burst-count window deleted");
    }

    @Test
    void shouldDeadLetterAnUnparsableRequestWithItsPayload() {
        String payload = "{\"requestId\":\"req-1\",oops}";

        processor.process(new Record<>(RawEvents.USER_ID, payload.getBytes(StandardCharsets.UTF_8), ts(REQUESTED_AT)));

        DeadLetter letter = onlyDeadLetter(ts(REQUESTED_AT));
        assertThat(letter).isEqualTo(new DeadLetter(ReasonCode.MALFORMED_RECORD, "not a valid ErasureRequest on topic "
                + TOPIC + ": not well-formed JSON (line 1, column 22)", "privacy-filter", TOPIC, 3, 11L, null, payload,
                NOW));
        assertNothingErased();
    }

    static Stream<Arguments> incompleteRequests() {
        return Stream.of(
                Arguments.of(null, ReasonCode.MALFORMED_RECORD, "record has no value"),
                Arguments.of("null", ReasonCode.MALFORMED_RECORD, "record value is JSON null, not an ErasureRequest"),
                Arguments.of("{\"userId\":\"u-1\",\"requestedAt\":\"2026-03-01T11:59:58.500Z\"}",
                        ReasonCode.MISSING_FIELD, "requestId is missing or blank"),
                Arguments.of("{\"requestId\":\" \",\"userId\":\"u-1\",\"requestedAt\":\"2026-03-01T11:59:58.500Z\"}",
                        ReasonCode.MISSING_FIELD, "requestId is missing or blank"),
                Arguments.of("{\"requestId\":\"req-1\",\"requestedAt\":\"2026-03-01T11:59:58.500Z\"}",
                        ReasonCode.MISSING_FIELD, "userId is missing or blank in request req-1"),
                Arguments.of("{\"requestId\":\"req-1\",\"userId\":\"u-1\"}",
                        ReasonCode.MISSING_FIELD, "requestedAt is missing in request req-1"),
                Arguments.of("{\"requestId\":\"req-2\",\"userId\":\"u-1\",\"requestedAt\":\"u-1@example.com\"}",
                        ReasonCode.MALFORMED_RECORD, "not a valid ErasureRequest on topic " + TOPIC
                                + ": field 'requestedAt' cannot be read as Instant (line 1, column 51)"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("incompleteRequests")
    void shouldDeadLetterAnIncompleteRequestWithItsPayload(String payload, ReasonCode reason, String detail) {
        byte[] bytes = payload == null ? null : payload.getBytes(StandardCharsets.UTF_8);

        processor.process(new Record<>("u-1", bytes, ts(REQUESTED_AT)));

        assertThat(onlyDeadLetter(ts(REQUESTED_AT))).isEqualTo(new DeadLetter(reason, detail, "privacy-filter", TOPIC,
                3, 11L, null, payload, NOW));
        assertNothingErased();
    }

    private static Record<String, byte[]> request(String key, ErasureRequest request) {
        return new Record<>(key, Topics.ERASURE_REQUESTS.valueSerde().serializer().serialize(TOPIC, request),
                ts(REQUESTED_AT));
    }

    private List<Record<?, ?>> forwarded(String child) {
        return context.forwarded(child).stream().<Record<?, ?>>map(CapturedForward::record).toList();
    }

    private List<KeyValue<Long, Long>> windows(String userKey) {
        try (WindowStoreIterator<Long> it = burstCounts.fetch(userKey, 0L, Long.MAX_VALUE)) {
            List<KeyValue<Long, Long>> found = new java.util.ArrayList<>();
            it.forEachRemaining(found::add);
            return found;
        }
    }

    private DeadLetter onlyDeadLetter(long timestamp) {
        List<Record<?, ?>> letters = forwarded(DeadLetterPayloadProcessor.NAME);
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).key()).isNull();
        assertThat(letters.get(0).timestamp()).isEqualTo(timestamp);
        return (DeadLetter) letters.get(0).value();
    }

    private void assertNothingErased() {
        assertThat(forwarded(PrivacyFilterTopology.ERASURES_SINK)).isEmpty();
        assertThat(forwarded(PrivacyFilterTopology.ERASURE_STATUS_SINK)).isEmpty();
        try (var all = markers.all()) {
            assertThat(all.hasNext()).isFalse();
        }
    }

    private static long ts(Instant instant) {
        return instant.toEpochMilli();
    }
}
