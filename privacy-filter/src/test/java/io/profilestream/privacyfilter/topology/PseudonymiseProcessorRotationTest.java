package io.profilestream.privacyfilter.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.Rekey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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

/** {@link PseudonymiseProcessor} during a key rotation's grace period, alone, with its real RocksDB store. */
class PseudonymiseProcessorRotationTest {

    private static final long RECORD_TS = Instant.parse("2026-03-01T10:15:40Z").toEpochMilli();
    private static final String NEW_KEY = ExpectedPseudonyms.user(RawEvents.USER_ID);
    private static final String OLD_KEY = ExpectedPseudonyms.previousUser(RawEvents.USER_ID);

    @TempDir
    Path stateDir;

    private MockProcessorContext<String, Object> context;
    private final PseudonymiseProcessor processor = new PseudonymiseProcessor(ExpectedPseudonyms.pseudonymizer(),
            Optional.of(ExpectedPseudonyms.previousPseudonymizer()));
    private KeyValueStore<String, Long> rekeyed;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>(new Properties(), new TaskId(0, 0), stateDir.toFile());
        // The real RocksDB store; MockProcessorContext has no changelog to write to.
        rekeyed = PseudonymiseProcessor.rekeyedStoreBuilder().withLoggingDisabled().build();
        rekeyed.init(context.getStateStoreContext(), rekeyed);
        context.addStateStore(rekeyed);
        processor.init(context);
    }

    @AfterEach
    void tearDown() {
        rekeyed.close();
    }

    @Test
    void shouldForwardTheRekeyBeforeTheFirstCleanEventOfAUser() {
        processor.process(new Record<>(RawEvents.USER_ID, parsed(RawEvents.purchase()), RECORD_TS));

        List<CapturedForward<? extends String, ?>> out = context.forwarded();
        assertThat(out).extracting(f -> f.childName().orElseThrow())
                .containsExactly(PrivacyFilterTopology.REKEYS_SINK, PrivacyFilterTopology.CLEAN_SINK);
        assertThat(out.get(0).record()).isEqualTo(new Record<>(OLD_KEY,
                new Rekey(OLD_KEY, "k-old", NEW_KEY, "k-test", RawEvents.RECEIVED_AT), RECORD_TS));
        CleanEvent clean = (CleanEvent) out.get(1).record().value();
        assertThat(clean.userKey()).isEqualTo(NEW_KEY);
        assertThat(clean.previousUserKey()).isEqualTo(OLD_KEY);
        assertThat(rekeyed.get(NEW_KEY)).isEqualTo(RawEvents.RECEIVED_AT.toEpochMilli());
    }

    @Test
    void shouldStampTheRekeyWithTheRecordTimeWhenIngestGaveNoReceiveTime() {
        RawEvents event = RawEvents.purchase();
        event.receivedAt = null;

        processor.process(new Record<>(RawEvents.USER_ID, parsed(event), RECORD_TS));

        assertThat(context.forwarded(PrivacyFilterTopology.REKEYS_SINK)).extracting(f -> (Object) f.record().value())
                .containsExactly(new Rekey(OLD_KEY, "k-old", NEW_KEY, "k-test", Instant.ofEpochMilli(RECORD_TS)));
        assertThat(rekeyed.get(NEW_KEY)).isEqualTo(RECORD_TS);
    }

    @Test
    void shouldPseudonymiseTheOldKeyFromTheSameIdAsTheNewOne() {
        // As normalise leaves it: trimmed; the upstream userKey is the current key's pseudonym of it.
        processor.process(new Record<>(RawEvents.USER_ID,
                parsed(RawEvents.purchase()).withUserKey(NEW_KEY), RECORD_TS));
        processor.process(new Record<>(RawEvents.USER_ID,
                parsed(RawEvents.purchase()).withUserKey(NEW_KEY), RECORD_TS + 1));

        assertThat(context.forwarded(PrivacyFilterTopology.REKEYS_SINK)).hasSize(1);
        assertThat(context.forwarded(PrivacyFilterTopology.CLEAN_SINK))
                .extracting(f -> ((CleanEvent) f.record().value()).previousUserKey())
                .containsExactly(OLD_KEY, OLD_KEY);
    }

    @Test
    void shouldScheduleAnHourlyWallClockPurgeThatKeepsEntriesYoungerThanTheRetention() {
        long now = Instant.parse("2027-01-01T00:00:00Z").toEpochMilli();
        rekeyed.put("old", now - Duration.ofDays(400).toMillis() - 1);
        rekeyed.put("young", now - Duration.ofDays(400).toMillis());

        CapturedPunctuator purge = context.scheduledPunctuators().get(0);
        assertThat(purge.getInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(purge.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
        purge.getPunctuator().punctuate(now);

        assertThat(rekeyed.get("old")).isNull();
        assertThat(rekeyed.get("young")).isEqualTo(now - Duration.ofDays(400).toMillis());
    }

    private static ParsedEvent parsed(RawEvents event) {
        return new ParsedEvent(event.build(), event.bytes());
    }
}
