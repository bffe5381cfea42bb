package io.profilestream.profileupdater.profile;

import static io.profilestream.model.event.EventType.VIEW;
import static io.profilestream.profileupdater.profile.TestEvents.T0;
import static io.profilestream.profileupdater.profile.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.profilestream.model.profile.ProfileHandover;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.streams.MissingFieldException;
import io.profilestream.profileupdater.neural.NeuralStep;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adopt step alone: taking in a handed-over profile, then the events held for it. */
class AdoptProfileProcessorTest {

    private static final String OLD = "0a".repeat(32);
    private static final String NEW = "1b".repeat(32);
    private static final Instant SENT = T0.plusSeconds(100);
    private static final long NOW = 9_000L;

    private MockProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> profiles;
    private KeyValueStore<String, byte[]> keys;
    private KeyValueStore<String, ProfileActivity> activity;
    private KeyValueStore<String, Long> consent;
    private KeyValueStore<String, Long> erased;
    private KeyValueStore<String, byte[]> awaiting;
    private KeyValueStore<String, byte[]> holdingKeys;
    private KeyValueStore<String, Long> handedOver;
    private AdoptProfileProcessor processor;

    @BeforeEach
    void setUp() {
        ProcessorStores<String, byte[]> stores = ProcessorStores.all();
        context = stores.context;
        context.setCurrentSystemTimeMs(NOW);
        profiles = stores.profiles;
        keys = stores.keys;
        activity = stores.activity;
        consent = stores.consent;
        erased = stores.erased;
        awaiting = stores.awaiting;
        holdingKeys = stores.holdingKeys;
        handedOver = stores.handedOver;
        processor = new AdoptProfileProcessor(new ProfileFolder(ProfileSettings.defaults()), NeuralStep.disabled(),
                TestCipher.CIPHER);
        processor.init(context);
    }

    /** A handover of a profile with {@code events} views, sealed for the new pseudonym as the hand-over step does. */
    private static ProfileHandover handoverOf(long events) {
        UserProfile profile = UserProfile.empty(NEW);
        ProfileFolder folder = new ProfileFolder(ProfileSettings.defaults());
        for (int i = 0; i < events; i++) {
            profile = folder.apply(profile, event(VIEW, T0.plusSeconds(i)).user(NEW).item("old-" + i).build());
        }
        byte[] key = TestCipher.CIPHER.newWrappedKey(NEW);
        return new ProfileHandover(NEW, "k1", key, TestCipher.seal(NEW, key, profile), SENT);
    }

    private void hold(String item, long timestamp) {
        new HandoverBuffer(awaiting, holdingKeys, TestCipher.CIPHER).hold(new Record<>(NEW, event(VIEW, Instant.ofEpochMilli(timestamp)).user(NEW).keyId("k2")
                .item(item).previousUser(OLD).build(), timestamp));
    }

    /** The handover as the hand-over step sends it: with the new key id in its header. */
    private void processWithNewKeyId(ProfileHandover handover, String newKeyId) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(HandOverProcessor.NEW_KEY_ID_HEADER, newKeyId.getBytes(StandardCharsets.UTF_8));
        processor.process(new Record<>(NEW, handover, SENT.toEpochMilli(), headers));
    }

    private void process(ProfileHandover handover) {
        processor.process(new Record<>(NEW, handover, SENT.toEpochMilli()));
    }

    private UserProfile stored() {
        return TestCipher.open(NEW, keys.get(NEW), profiles.get(NEW));
    }

    private List<String> forwardedTo() {
        return context.forwarded().stream().map(f -> f.childName().orElse("<all>")).toList();
    }

    @Test
    void shouldStoreAndForwardTheKeyThenTheProfileThenApplyTheHeldEventsInOrder() {
        ProfileHandover handover = handoverOf(2);
        hold("new-1", SENT.toEpochMilli() - 20);
        hold("new-2", SENT.toEpochMilli() - 10);

        process(handover);

        assertThat(forwardedTo()).containsExactly(ProfileTopology.USER_KEYS_SINK, ProfileTopology.SINK,
                ProfileTopology.SINK, ProfileTopology.SINK);
        assertThat(context.forwarded().get(0).record().value()).isEqualTo(handover.wrappedKey());
        assertThat(context.forwarded().get(1).record().value()).isEqualTo(handover.sealedProfile());
        assertThat(context.forwarded()).extracting(f -> f.record().timestamp()).containsExactly(SENT.toEpochMilli(),
                SENT.toEpochMilli(), SENT.toEpochMilli() - 20, SENT.toEpochMilli() - 10);
        assertThat(keys.get(NEW)).isEqualTo(handover.wrappedKey());
        assertThat(stored().eventCount()).isEqualTo(4);
        assertThat(stored().recentItems()).containsExactly("new-2", "new-1", "old-1", "old-0");
        assertThat(awaiting.get(NEW)).isNull();
        assertThat(holdingKeys.get(NEW)).isNull();
        assertThat(handedOver.get(NEW)).isEqualTo(NOW);
    }

    @Test
    void shouldRecordTheAdoptedProfilesLatestEventTimeUnderTheNewKeyId() {
        processWithNewKeyId(handoverOf(3), "k2");

        // The profile's latest event (T0 + 2 s), not the handover's time: inactivity counts from the user's last visit.
        assertThat(activity.get(NEW)).isEqualTo(new ProfileActivity(T0.plusSeconds(2).toEpochMilli(), "k2"));
    }

    @Test
    void shouldRecordTheLatestHeldEventOverTheAdoptedProfile() {
        hold("new-1", SENT.toEpochMilli() - 20);

        process(handoverOf(2));

        assertThat(activity.get(NEW)).isEqualTo(new ProfileActivity(SENT.toEpochMilli() - 20, "k2"));
    }

    @Test
    void shouldRecordAnAdoptedProfileWithoutKeyIdWhenTheHandoverCarriesNone() {
        process(handoverOf(1));

        assertThat(activity.get(NEW)).isEqualTo(new ProfileActivity(T0.toEpochMilli(), null));
    }

    @Test
    void shouldRecordNoActivityWhenTheHandoverIsNotAdopted() {
        erased.put(NEW, SENT.toEpochMilli());

        processWithNewKeyId(handoverOf(2), "k2");

        assertThat(activity.get(NEW)).isNull();
    }

    @Test
    void shouldIgnoreAHandoverForAUserWhoNoLongerWaits() {
        handedOver.put(NEW, 1L);

        process(handoverOf(2));

        assertThat(context.forwarded()).isEmpty();
        assertThat(profiles.get(NEW)).isNull();
        assertThat(handedOver.get(NEW)).isEqualTo(1L);
    }

    @Test
    void shouldKeepTheProfileAlreadyHeldUnderTheNewPseudonym() {
        byte[] key = TestCipher.CIPHER.newWrappedKey(NEW);
        keys.put(NEW, key);
        byte[] own = TestCipher.seal(NEW, key, UserProfile.empty(NEW));
        profiles.put(NEW, own);

        process(handoverOf(2));

        assertThat(context.forwarded()).isEmpty();
        assertThat(profiles.get(NEW)).isEqualTo(own);
        assertThat(keys.get(NEW)).isEqualTo(key);
        assertThat(handedOver.get(NEW)).isEqualTo(NOW);
    }

    @Test
    void shouldNotAdoptAHandoverSentBeforeAnErasureOfTheNewPseudonym() {
        erased.put(NEW, SENT.toEpochMilli());

        process(handoverOf(2));

        assertThat(context.forwarded()).isEmpty();
        assertThat(profiles.get(NEW)).isNull();
        assertThat(keys.get(NEW)).isNull();
        assertThat(handedOver.get(NEW)).isEqualTo(NOW);
    }

    @Test
    void shouldRecordACarriedWithdrawalOfConsentAndSkipTheHeldEvents() {
        hold("new-1", SENT.toEpochMilli() - 20);
        RecordHeaders headers = new RecordHeaders();
        headers.add(HandOverProcessor.CONSENT_WITHDRAWN_HEADER, ByteBuffer.allocate(8).putLong(T0.toEpochMilli()).array());

        processor.process(new Record<>(NEW, new ProfileHandover(NEW, "k1", null, null, SENT), SENT.toEpochMilli(), headers));

        assertThat(consent.get(NEW)).isEqualTo(T0.toEpochMilli());
        assertThat(context.forwarded()).isEmpty();
        assertThat(awaiting.get(NEW)).isNull();
        assertThat(holdingKeys.get(NEW)).isNull();
    }

    @Test
    void shouldNotAdoptTheOldProfileOfAUserWhoObjectedUnderTheNewPseudonym() {
        consent.put(NEW, T0.toEpochMilli());

        process(handoverOf(2));

        assertThat(context.forwarded()).isEmpty();
        assertThat(profiles.get(NEW)).isNull();
        assertThat(keys.get(NEW)).isNull();
        assertThat(consent.get(NEW)).isEqualTo(T0.toEpochMilli());
        assertThat(handedOver.get(NEW)).isEqualTo(NOW);
    }

    @Test
    void shouldStartAFreshProfileFromTheHeldEventsOnAnEmptyHandover() {
        hold("new-1", SENT.toEpochMilli() - 20);

        process(new ProfileHandover(NEW, "k1", null, null, SENT));

        assertThat(forwardedTo()).containsExactly(ProfileTopology.USER_KEYS_SINK, ProfileTopology.SINK);
        assertThat(stored().eventCount()).isEqualTo(1);
        assertThat(stored().recentItems()).containsExactly("new-1");
    }

    @Test
    void shouldDiscardAHandedOverProfileThatDoesNotOpen() {
        ProfileHandover good = handoverOf(1);
        ProfileHandover foreign = new ProfileHandover(NEW, "k1", TestCipher.CIPHER.newWrappedKey(NEW), good.sealedProfile(), SENT);

        process(foreign);

        assertThat(context.forwarded()).isEmpty();
        assertThat(profiles.get(NEW)).isNull();
        assertThat(keys.get(NEW)).isNull();
    }

    @Test
    void shouldPurgeHandedOverMarksOlderThanTheirTimeToLiveHourlyOnWallClockTime() {
        assertThat(context.scheduledPunctuators()).hasSize(1);
        CapturedPunctuator purge = context.scheduledPunctuators().get(0);
        assertThat(purge.getInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(purge.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
        long ttl = Duration.ofDays(400).toMillis();
        handedOver.put(NEW, 1_000L);
        handedOver.put(OLD, 1_001L);

        purge.getPunctuator().punctuate(1_000L + ttl);
        assertThat(handedOver.get(NEW)).isEqualTo(1_000L);

        purge.getPunctuator().punctuate(1_001L + ttl);
        assertThat(handedOver.get(NEW)).isNull();
        assertThat(handedOver.get(OLD)).isEqualTo(1_001L);
        assertThat(AdoptProfileProcessor.HANDED_OVER_TTL).isEqualTo(Duration.ofDays(400));
    }

    @Test
    void shouldRejectAHandoverNamingNoUserAsMissingFieldAndSkipOneWithoutValue() {
        processor.process(new Record<>(NEW, null, SENT.toEpochMilli()));
        assertThatThrownBy(() -> processor.process(new Record<>(null,
                new ProfileHandover(null, "k1", null, null, SENT), SENT.toEpochMilli())))
                .isInstanceOf(MissingFieldException.class).hasMessage("missing required field newUserKey");

        assertThat(context.forwarded()).isEmpty();
        assertThat(handedOver.approximateNumEntries()).isZero();
        assertThat(activity.approximateNumEntries()).isZero();
    }
}
