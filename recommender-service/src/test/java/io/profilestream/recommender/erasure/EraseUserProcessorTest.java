package io.profilestream.recommender.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.profilestream.model.erasure.ErasureCommand;
import io.profilestream.model.erasure.ErasureStatus;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.streams.MissingFieldException;
import io.profilestream.model.topic.Topics;
import io.profilestream.recommender.RecommenderTopology;
import io.profilestream.recommender.crypto.SealedFixture;
import io.profilestream.recommender.demand.DemandTopology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EraseUserProcessorTest {

    static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");
    static final Instant REQUESTED = T0.plusSeconds(60);
    static final Instant NOW = T0.plusSeconds(61);
    static final ErasureCommand ERASE_U1 = new ErasureCommand("req-1", "u1", "k1", REQUESTED);
    // Opaque to this processor: it deletes shown items, never opens them.
    static final byte[] SHOWN = {1, 2, 3};

    final MockProcessorContext<String, ErasureStatus> context = new MockProcessorContext<>();
    final SealedFixture sealed = new SealedFixture();
    KeyValueStore<String, byte[]> impressions;
    TimestampedKeyValueStore<String, byte[]> profiles;
    TimestampedKeyValueStore<String, byte[]> keys;
    KeyValueStore<String, Long> erased;
    KeyValueStore<String, ErasureCommand> pending;
    WindowStore<String, Integer> contributions;
    EraseUserProcessor processor;

    @BeforeEach
    void setUp() {
        impressions = add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RecommenderTopology.IMPRESSIONS_STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build());
        profiles = add(Stores.timestampedKeyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(RecommenderTopology.PROFILES_STORE), Serdes.String(),
                Topics.PROFILES.valueSerde()).withLoggingDisabled().build());
        keys = add(Stores.timestampedKeyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(RecommenderTopology.USER_KEYS_STORE), Serdes.String(),
                Topics.USER_KEYS.valueSerde()).withLoggingDisabled().build());
        erased = add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RecommenderTopology.ERASED_STORE),
                Serdes.String(), Serdes.Long()).withLoggingDisabled().build());
        pending = add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RecommenderTopology.ERASURES_PENDING_STORE),
                Serdes.String(), Topics.ERASURES.valueSerde()).withLoggingDisabled().build());
        contributions = Stores.windowStoreBuilder(Stores.inMemoryWindowStore(DemandTopology.CAP_STORE,
                Duration.ofHours(2), Duration.ofHours(1), false), Serdes.String(), Serdes.Integer())
                .withLoggingDisabled().build();
        contributions.init(context.getStateStoreContext(), contributions);
        context.addStateStore(contributions);
        processor = new EraseUserProcessor(Clock.fixed(NOW, ZoneOffset.UTC), SealedFixture.CIPHER);
        processor.init(context);
    }

    <S extends KeyValueStore<String, ?>> S add(S store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    static UserProfile profileFirstSeenAt(Instant first) {
        return new UserProfile("u1", 1, Map.of(), null, null, null, null, 1, "s1", List.of("a"), List.of(), first, first);
    }

    /** u1's key and their profile sealed with it, as the two tables hold them. */
    void holdProfile(Instant first, Instant at) {
        keys.put("u1", ValueAndTimestamp.make(sealed.key("u1"), at.toEpochMilli()));
        profiles.put("u1", ValueAndTimestamp.make(sealed.seal("u1", profileFirstSeenAt(first)), at.toEpochMilli()));
    }

    static ErasureStatus completed(ErasureCommand command, String detail) {
        return new ErasureStatus(command.requestId(), command.userKey(), ErasureStatus.RECOMMENDER,
                ErasureStatus.State.COMPLETED, command.requestedAt(), NOW, detail);
    }

    void punctuate(int index, long at) {
        context.scheduledPunctuators().get(index).getPunctuator().punctuate(at);
    }

    @Test
    void shouldDeleteImpressionsAndConfirmAtOnceWhenNoProfileCopyIsHeld() {
        impressions.put("u1", SHOWN);
        impressions.put("u2", SHOWN);
        long hour = T0.toEpochMilli();
        contributions.put("u1/views", 3, hour);
        contributions.put("u1/units", 1, hour);
        contributions.put("u2/views", 2, hour);

        processor.process(new Record<>("u1", ERASE_U1, REQUESTED.toEpochMilli()));

        assertThat(impressions.get("u1")).isNull();
        assertThat(impressions.get("u2")).containsExactly(SHOWN);
        assertThat(contributions.fetch("u1/views", hour)).isNull();
        assertThat(contributions.fetch("u1/units", hour)).isNull();
        assertThat(contributions.fetch("u2/views", hour)).isEqualTo(2);
        assertThat(erased.get("u1")).isEqualTo(REQUESTED.toEpochMilli());
        assertThat(pending.get("u1")).isNull();
        assertThat(context.forwarded()).extracting(f -> (Object) f.record()).containsExactly(
                new Record<>("u1/recommender-service", completed(ERASE_U1, "impressions deleted; no profile copy held"),
                        REQUESTED.toEpochMilli()));
    }

    @Test
    void shouldKeepTheCommandPendingWhileTheProfileCopyIsStillHeld() {
        impressions.put("u1", SHOWN);
        holdProfile(T0, T0);

        processor.process(new Record<>("u1", ERASE_U1, REQUESTED.toEpochMilli()));
        punctuate(0, NOW.toEpochMilli());

        assertThat(impressions.get("u1")).isNull();
        assertThat(pending.get("u1")).isEqualTo(ERASE_U1);
        assertThat(context.forwarded()).isEmpty();
    }

    @Test
    void shouldConfirmAPendingErasureOnceTheTombstoneEmptiedTheProfileCopy() {
        holdProfile(T0, T0);
        processor.process(new Record<>("u1", ERASE_U1, REQUESTED.toEpochMilli()));
        // Served from the old copy while it was still there: derived from the erased data.
        impressions.put("u1", SHOWN);

        profiles.delete("u1");
        punctuate(0, NOW.toEpochMilli());

        assertThat(impressions.get("u1")).isNull();
        assertThat(pending.get("u1")).isNull();
        assertThat(context.forwarded()).extracting(f -> (Object) f.record()).containsExactly(
                new Record<>("u1/recommender-service",
                        completed(ERASE_U1, "impressions deleted; profile copy gone (tombstone applied)"),
                        NOW.toEpochMilli()));
    }

    @Test
    void shouldTreatAProfileBuiltOnlyFromLaterEventsAsGone() {
        holdProfile(REQUESTED.plusMillis(1), NOW);

        processor.process(new Record<>("u1", ERASE_U1, REQUESTED.toEpochMilli()));

        assertThat(context.forwarded()).extracting(f -> f.record().value().detail())
                .containsExactly("impressions deleted; no profile copy held");
    }

    @Test
    void shouldConfirmAPendingErasureOnceTheKeyOfTheProfileCopyIsDestroyed() {
        holdProfile(T0, T0);
        processor.process(new Record<>("u1", ERASE_U1, REQUESTED.toEpochMilli()));
        impressions.put("u1", SHOWN);

        keys.delete("u1");
        punctuate(0, NOW.toEpochMilli());

        assertThat(impressions.get("u1")).isNull();
        assertThat(pending.get("u1")).isNull();
        assertThat(context.forwarded()).extracting(f -> (Object) f.record()).containsExactly(
                new Record<>("u1/recommender-service",
                        completed(ERASE_U1, "impressions deleted; profile copy unreadable (data key destroyed)"),
                        NOW.toEpochMilli()));
    }

    @Test
    void shouldTreatAProfileCopySealedUnderAnEarlierKeyAsUnreadable() {
        holdProfile(T0, T0);
        // A new key arrived but the copy is still the one sealed under the destroyed key.
        keys.put("u1", ValueAndTimestamp.make(sealed.newKey("u1"), REQUESTED.toEpochMilli()));

        processor.process(new Record<>("u1", ERASE_U1, REQUESTED.toEpochMilli()));

        assertThat(pending.get("u1")).isNull();
        assertThat(context.forwarded()).extracting(f -> f.record().value().detail())
                .containsExactly("impressions deleted; profile copy unreadable (data key destroyed)");
    }

    @Test
    void shouldKeepTheLaterPendingCommandAndMarker() {
        holdProfile(T0, T0);
        ErasureCommand later = new ErasureCommand("req-2", "u1", "k1", REQUESTED.plusSeconds(5));

        processor.process(new Record<>("u1", later, later.requestedAt().toEpochMilli()));
        processor.process(new Record<>("u1", ERASE_U1, REQUESTED.toEpochMilli()));

        assertThat(pending.get("u1")).isEqualTo(later);
        assertThat(erased.get("u1")).isEqualTo(later.requestedAt().toEpochMilli());
    }

    @Test
    void shouldRejectACommandThatNamesNoUserAsMissingFieldAndSkipOneWithoutValue() {
        impressions.put("u1", SHOWN);

        processor.process(new Record<>("u1", null, REQUESTED.toEpochMilli()));
        assertThatThrownBy(() -> processor.process(new Record<>(null, new ErasureCommand("req-3", null, "k1", REQUESTED),
                REQUESTED.toEpochMilli()))).isInstanceOf(MissingFieldException.class)
                .hasMessage("missing required field userKey");

        assertThat(impressions.get("u1")).containsExactly(SHOWN);
        assertThat(erased.approximateNumEntries()).isZero();
        assertThat(context.forwarded()).isEmpty();
    }

    @Test
    void shouldScheduleConfirmationEverySecondAndPurgeHourlyOnWallClockTime() {
        assertThat(context.scheduledPunctuators()).extracting(CapturedPunctuator::getInterval, CapturedPunctuator::getType)
                .containsExactly(
                        tuple(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME),
                        tuple(Duration.ofHours(1), PunctuationType.WALL_CLOCK_TIME));
    }

    @Test
    void shouldPurgeMarkersOlderThanTheImpressionsTopicsRetention() {
        long retention = Duration.ofDays(7).toMillis();
        erased.put("u1", T0.toEpochMilli());
        erased.put("u2", T0.plusMillis(1).toEpochMilli());

        punctuate(1, T0.toEpochMilli() + retention);
        assertThat(erased.get("u1")).isEqualTo(T0.toEpochMilli());

        punctuate(1, T0.toEpochMilli() + retention + 1);
        assertThat(erased.get("u1")).isNull();
        assertThat(erased.get("u2")).isEqualTo(T0.plusMillis(1).toEpochMilli());
    }
}
