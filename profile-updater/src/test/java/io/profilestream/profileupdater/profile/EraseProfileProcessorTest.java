package io.profilestream.profileupdater.profile;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.profilestream.profileupdater.profile.TestEvents.ALICE;
import static io.profilestream.profileupdater.profile.TestEvents.BOB;
import static io.profilestream.profileupdater.profile.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.erasure.ErasureCommand;
import io.profilestream.model.erasure.ErasureStatus;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.streams.MissingFieldException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EraseProfileProcessorTest {

    private static final Instant REQUESTED = T0.plusSeconds(60);
    private static final Instant NOW = T0.plusSeconds(61);
    private static final ErasureCommand ERASE_ALICE = new ErasureCommand("req-1", ALICE, "k1", REQUESTED);
    private static final String STATUS_KEY = ALICE + "/" + ErasureStatus.PROFILE_UPDATER;

    private MockProcessorContext<String, Object> context;
    private KeyValueStore<String, byte[]> profiles;
    private KeyValueStore<String, byte[]> keys;
    private KeyValueStore<String, ProfileActivity> activity;
    private KeyValueStore<String, Long> consent;
    private KeyValueStore<String, Long> erased;
    private KeyValueStore<String, byte[]> awaiting;
    private KeyValueStore<String, byte[]> holdingKeys;
    private KeyValueStore<String, Long> handedOver;
    private EraseProfileProcessor processor;

    @BeforeEach
    void setUp() {
        ProcessorStores<String, Object> stores = ProcessorStores.all();
        context = stores.context;
        profiles = stores.profiles;
        keys = stores.keys;
        activity = stores.activity;
        consent = stores.consent;
        erased = stores.erased;
        awaiting = stores.awaiting;
        holdingKeys = stores.holdingKeys;
        handedOver = stores.handedOver;
        processor = new EraseProfileProcessor(Clock.fixed(NOW, ZoneOffset.UTC));
        processor.init(context);
    }

    private void process(String key, ErasureCommand command) {
        processor.process(new Record<>(key, command, REQUESTED.toEpochMilli()));
    }

    /** Gives {@code user} a data key and an empty profile sealed under it, as the apply-event step would. */
    private byte[] holdProfileOf(String user) {
        byte[] key = TestCipher.CIPHER.newWrappedKey(user);
        keys.put(user, key);
        byte[] sealed = TestCipher.seal(user, key, UserProfile.empty(user));
        profiles.put(user, sealed);
        activity.put(user, new ProfileActivity(T0.toEpochMilli(), "k1"));
        return sealed;
    }

    private static ErasureStatus completed(String detail) {
        return new ErasureStatus("req-1", ALICE, ErasureStatus.PROFILE_UPDATER, ErasureStatus.State.COMPLETED, REQUESTED,
                NOW, detail);
    }

    @Test
    void shouldDeleteProfileDestroyTheDataKeyAndConfirmErasure() {
        holdProfileOf(ALICE);
        byte[] bob = holdProfileOf(BOB);
        byte[] bobKey = keys.get(BOB);

        process(ALICE, ERASE_ALICE);

        assertThat(profiles.get(ALICE)).isNull();
        assertThat(keys.get(ALICE)).isNull();
        assertThat(profiles.get(BOB)).isEqualTo(bob);
        assertThat(keys.get(BOB)).isEqualTo(bobKey);
        assertThat(activity.get(ALICE)).isNull();
        assertThat(activity.get(BOB)).isEqualTo(new ProfileActivity(T0.toEpochMilli(), "k1"));
        assertThat(erased.get(ALICE)).isEqualTo(REQUESTED.toEpochMilli());
        assertThat(context.forwarded()).hasSize(3);
        CapturedForward<? extends String, ?> tombstone = context.forwarded().get(0);
        assertThat(tombstone.childName()).contains(ProfileTopology.SINK);
        assertThat(tombstone.record()).isEqualTo(new Record<>(ALICE, null, REQUESTED.toEpochMilli()));
        CapturedForward<? extends String, ?> keyTombstone = context.forwarded().get(1);
        assertThat(keyTombstone.childName()).contains(ProfileTopology.USER_KEYS_SINK);
        assertThat(keyTombstone.record()).isEqualTo(new Record<>(ALICE, null, REQUESTED.toEpochMilli()));
        CapturedForward<? extends String, ?> status = context.forwarded().get(2);
        assertThat(status.childName()).contains(ProfileTopology.ERASURE_STATUS_SINK);
        assertThat(status.record()).isEqualTo(new Record<>(STATUS_KEY,
                completed("profile deleted (tombstone on profiles topic and changelog); data key destroyed (crypto-shredding)"),
                REQUESTED.toEpochMilli()));
    }

    @Test
    void shouldSayWhatWasHeldInTheConfirmation() {
        assertThat(EraseProfileProcessor.detail(true, true, true)).isEqualTo("profile deleted (tombstone on profiles topic "
                + "and changelog); data key destroyed (crypto-shredding); objection to profiling kept");
        assertThat(EraseProfileProcessor.detail(false, true, false)).isEqualTo("no profile held (tombstone on profiles "
                + "topic anyway); data key destroyed (crypto-shredding)");
        assertThat(EraseProfileProcessor.detail(true, false, false)).isEqualTo("profile deleted (tombstone on profiles "
                + "topic and changelog); no data key held (tombstone on user keys topic anyway)");
    }

    @Test
    void shouldKeepTheObjectionAndStillSendATombstoneWithoutAProfile() {
        consent.put(ALICE, T0.toEpochMilli());

        process(ALICE, ERASE_ALICE);

        assertThat(consent.get(ALICE)).isEqualTo(T0.toEpochMilli());
        assertThat(context.forwarded()).extracting(f -> (Object) f.record().value()).containsExactly(null, null,
                completed("no profile held (tombstone on profiles topic anyway); no data key held (tombstone on user keys "
                        + "topic anyway); objection to profiling kept"));
    }

    @Test
    void shouldKeepTheLaterMarkerWhenAnOlderCommandArrivesAfterANewerOne() {
        long later = REQUESTED.plusSeconds(30).toEpochMilli();
        erased.put(ALICE, later);

        process(ALICE, ERASE_ALICE);

        assertThat(erased.get(ALICE)).isEqualTo(later);
    }

    @Test
    void shouldMoveTheMarkerForwardOnALaterErasure() {
        erased.put(ALICE, T0.toEpochMilli());

        process(ALICE, ERASE_ALICE);

        assertThat(erased.get(ALICE)).isEqualTo(REQUESTED.toEpochMilli());
    }

    @Test
    void shouldTakeTheRecordTimestampWhenTheCommandHasNoRequestTime() {
        processor.process(new Record<>(ALICE, new ErasureCommand("req-1", ALICE, "k1", null), REQUESTED.toEpochMilli()));

        assertThat(erased.get(ALICE)).isEqualTo(REQUESTED.toEpochMilli());
        assertThat(context.forwarded().get(2).record().value()).isEqualTo(completed(
                "no profile held (tombstone on profiles topic anyway); no data key held (tombstone on user keys topic anyway)"));
    }

    @Test
    void shouldUseTheCommandsUserKeyWhenTheRecordHasNoKey() {
        holdProfileOf(ALICE);

        process(null, ERASE_ALICE);

        assertThat(profiles.get(ALICE)).isNull();
        assertThat(keys.get(ALICE)).isNull();
        assertThat(context.forwarded()).extracting(f -> (String) f.record().key()).containsExactly(ALICE, ALICE, STATUS_KEY);
    }

    @Test
    void shouldRejectACommandThatNamesNoUserAsMissingFieldAndSkipOneWithoutValue() {
        byte[] sealed = holdProfileOf(ALICE);
        byte[] key = keys.get(ALICE);

        process(ALICE, null);
        assertThatThrownBy(() -> process(null, new ErasureCommand("req-2", null, "k1", REQUESTED)))
                .isInstanceOf(MissingFieldException.class).hasMessage("missing required field userKey");

        assertThat(context.forwarded()).isEmpty();
        assertThat(profiles.get(ALICE)).isEqualTo(sealed);
        assertThat(keys.get(ALICE)).isEqualTo(key);
        assertThat(erased.approximateNumEntries()).isZero();
    }

    @Test
    void shouldScheduleTheMarkerPurgeHourlyOnWallClockTime() {
        assertThat(context.scheduledPunctuators()).hasSize(1);
        CapturedPunctuator purge = context.scheduledPunctuators().get(0);
        assertThat(purge.getInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(purge.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
    }

    @Test
    void shouldEraseHeldEventsThatCannotBeOpened() {
        awaiting.put(ALICE, new byte[] {1, 2, 3});
        holdingKeys.put(ALICE, TestCipher.CIPHER.newWrappedKey(BOB));

        process(ALICE, ERASE_ALICE);

        assertThat(awaiting.get(ALICE)).isNull();
        assertThat(holdingKeys.get(ALICE)).isNull();
        assertThat(context.forwarded().get(2).record().value()).isEqualTo(completed(
                "no profile held (tombstone on profiles topic anyway); no data key held (tombstone on user keys topic "
                        + "anyway); events held for a key-rotation handover deleted"));
    }

    @Test
    void shouldPurgeMarkersOlderThanTheCleanTopicsRetention() {
        long retention = Duration.ofDays(7).toMillis();
        erased.put(ALICE, T0.toEpochMilli());
        erased.put(BOB, T0.plusMillis(1).toEpochMilli());

        context.scheduledPunctuators().get(0).getPunctuator().punctuate(T0.toEpochMilli() + retention);
        assertThat(erased.get(ALICE)).isEqualTo(T0.toEpochMilli());

        context.scheduledPunctuators().get(0).getPunctuator().punctuate(T0.toEpochMilli() + retention + 1);
        assertThat(erased.get(ALICE)).isNull();
        assertThat(erased.get(BOB)).isEqualTo(T0.plusMillis(1).toEpochMilli());
        assertThat(EraseProfileProcessor.MARKER_TTL).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void shouldDeleteTheEventsHeldForAHandoverTheirHoldingKeyAndTheHandedOverMark() {
        new HandoverBuffer(awaiting, holdingKeys, TestCipher.CIPHER).hold(new Record<>(ALICE,
                TestEvents.event(io.profilestream.model.event.EventType.VIEW, T0).item("i1").previousUser(BOB).build(),
                T0.toEpochMilli()));
        handedOver.put(BOB, T0.toEpochMilli());
        handedOver.put(ALICE, T0.toEpochMilli());

        process(ALICE, ERASE_ALICE);

        assertThat(awaiting.get(ALICE)).isNull();
        assertThat(holdingKeys.get(ALICE)).isNull();
        assertThat(handedOver.get(ALICE)).isNull();
        assertThat(handedOver.get(BOB)).isEqualTo(T0.toEpochMilli());
        assertThat(context.forwarded().get(2).record().value()).isEqualTo(completed(
                "no profile held (tombstone on profiles topic anyway); no data key held (tombstone on user keys topic "
                        + "anyway); events held for a key-rotation handover deleted"));
    }
}
