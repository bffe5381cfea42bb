package io.profilestream.privacyfilter.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.dlq.DeadLetter;
import io.profilestream.model.dlq.ReasonCode;
import io.profilestream.model.topic.Topics;
import io.profilestream.privacyfilter.config.FilterProperties;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErasureGuardProcessorTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant ERASED_AT = Instant.parse("2026-03-01T11:00:00Z");
    private static final Duration LIFETIME = Duration.ofDays(37);
    private static final String USER_KEY = ExpectedPseudonyms.user(RawEvents.USER_ID);
    private static final String DETAIL =
            "the user was erased at 2026-03-01T11:00:00Z; events sent or received up to then are refused";

    @TempDir
    Path stateDir;

    private MockProcessorContext<String, Object> context;
    private final ErasureGuardProcessor processor = new ErasureGuardProcessor(ExpectedPseudonyms.pseudonymizer(),
            LIFETIME, Clock.fixed(NOW, ZoneOffset.UTC));
    private KeyValueStore<String, Long> store;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>(new Properties(), new TaskId(0, 0), stateDir.toFile());
        context.setRecordMetadata(Topics.RAW_EVENTS.name(), 2, 42L);
        // The real RocksDB store; MockProcessorContext has no changelog to write to.
        store = ErasureGuardProcessor.storeBuilder().withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        processor.init(context);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void shouldComputeThePseudonymOnceAndHandItToDedupe() {
        RawEvents event = RawEvents.purchase();
        byte[] original = event.bytes();

        processor.process(new Record<>("evt-1", new ParsedEvent(event.build(), original), ts(NOW)));

        List<CapturedForward<?, ?>> out = List.copyOf(context.forwarded(DedupeProcessor.NAME));
        assertThat(out).hasSize(1);
        ParsedEvent forwarded = (ParsedEvent) out.get(0).record().value();
        assertThat(forwarded.userKey()).isEqualTo(USER_KEY);
        assertThat(forwarded.event()).isEqualTo(event.build());
        assertThat(forwarded.original()).isSameAs(original);
        assertThat(out.get(0).record().key()).isEqualTo("evt-1");
        assertThat(out.get(0).record().timestamp()).isEqualTo(ts(NOW));
        assertThat(context.forwarded(DeadLetterPayloadProcessor.NAME)).isEmpty();
    }

    @Test
    void shouldRefuseEventsSentBeforeTheErasure() {
        store.put(USER_KEY, ts(ERASED_AT));

        process(ERASED_AT.minusSeconds(1), ERASED_AT.plusSeconds(1));

        assertRefused(ERASED_AT.plusSeconds(1));
    }

    @Test
    void shouldRefuseEventsReceivedBeforeTheErasureEvenWhenTheClientClockIsAhead() {
        store.put(USER_KEY, ts(ERASED_AT));

        process(ERASED_AT.plusSeconds(30), ERASED_AT.minusSeconds(1));

        assertRefused(ERASED_AT.minusSeconds(1));
    }

    @Test
    void shouldRefuseEventsSentAndReceivedExactlyAtTheErasure() {
        store.put(USER_KEY, ts(ERASED_AT));

        process(ERASED_AT, ERASED_AT);

        assertRefused(ERASED_AT);
    }

    @Test
    void shouldFallBackToTheRecordTimestampWhenReceivedAtIsMissing() {
        store.put(USER_KEY, ts(ERASED_AT));
        RawEvents before = RawEvents.purchase();
        before.timestamp = ERASED_AT.plusSeconds(1);
        before.receivedAt = null;
        RawEvents after = RawEvents.purchase();
        after.eventId = "evt-2";
        after.timestamp = ERASED_AT.plusSeconds(1);
        after.receivedAt = null;

        processor.process(new Record<>("evt-1", new ParsedEvent(before.build(), before.bytes()), ts(ERASED_AT)));
        processor.process(new Record<>("evt-2", new ParsedEvent(after.build(), after.bytes()),
                ts(ERASED_AT.plusMillis(1))));

        assertThat(context.forwarded(DeadLetterPayloadProcessor.NAME))
                .extracting(f -> ((DeadLetter) f.record().value()).eventId()).containsExactly("evt-1");
        assertThat(context.forwarded(DedupeProcessor.NAME))
                .extracting(f -> ((ParsedEvent) f.record().value()).event().eventId()).containsExactly("evt-2");
    }

    @Test
    void shouldPassEventsSentAndReceivedAfterTheErasure() {
        store.put(USER_KEY, ts(ERASED_AT));

        process(ERASED_AT.plusMillis(1), ERASED_AT.plusMillis(2));

        assertThat(context.forwarded(DeadLetterPayloadProcessor.NAME)).isEmpty();
        assertThat(context.forwarded(DedupeProcessor.NAME)).hasSize(1);
    }

    @Test
    void shouldPassEventsOfUsersWhoWereNotErased() {
        store.put(ExpectedPseudonyms.user("someone-else"), ts(ERASED_AT));

        process(ERASED_AT.minusSeconds(60), ERASED_AT.minusSeconds(59));

        assertThat(context.forwarded(DeadLetterPayloadProcessor.NAME)).isEmpty();
        assertThat(context.forwarded(DedupeProcessor.NAME)).hasSize(1);
    }

    @Test
    void shouldPurgeMarkersOlderThanTheirLifetimeEveryHourOfWallClockTime() {
        String expired = ExpectedPseudonyms.user("erased-long-ago");
        String boundary = ExpectedPseudonyms.user("erased-exactly-one-lifetime-ago");
        store.put(expired, ts(NOW.minus(LIFETIME).minusMillis(1)));
        store.put(boundary, ts(NOW.minus(LIFETIME)));
        store.put(USER_KEY, ts(ERASED_AT));

        List<CapturedPunctuator> punctuators = context.scheduledPunctuators();
        assertThat(punctuators).hasSize(1);
        assertThat(punctuators.get(0).getInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(punctuators.get(0).getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
        punctuators.get(0).getPunctuator().punctuate(ts(NOW));

        assertThat(store.get(expired)).isNull();
        assertThat(store.get(boundary)).isEqualTo(ts(NOW.minus(LIFETIME)));
        assertThat(store.get(USER_KEY)).isEqualTo(ts(ERASED_AT));
    }

    @Test
    void shouldKeepMarkersForTheMaximumEventAgePlusTheRawTopicRetention() {
        assertThat(ErasureGuardProcessor.markerLifetime(FilterProperties.defaults()))
                .isEqualTo(Duration.ofDays(30 + 7));
    }

    private void process(Instant sentAt, Instant receivedAt) {
        RawEvents event = RawEvents.purchase();
        event.timestamp = sentAt;
        event.receivedAt = receivedAt;
        processor.process(new Record<>("evt-1", new ParsedEvent(event.build(), event.bytes()), ts(receivedAt)));
    }

    private void assertRefused(Instant recordTime) {
        assertThat(context.forwarded(DedupeProcessor.NAME)).isEmpty();
        List<CapturedForward<?, ?>> letters = List.copyOf(context.forwarded(DeadLetterPayloadProcessor.NAME));
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).record().key()).isEqualTo("evt-1");
        assertThat(letters.get(0).record().timestamp()).isEqualTo(ts(recordTime));
        assertThat(letters.get(0).record().value()).isEqualTo(new DeadLetter(ReasonCode.USER_ERASED, DETAIL,
                "privacy-filter", Topics.RAW_EVENTS.name(), 2, 42L, "evt-1", null, NOW));
    }

    private static long ts(Instant instant) {
        return instant.toEpochMilli();
    }
}
