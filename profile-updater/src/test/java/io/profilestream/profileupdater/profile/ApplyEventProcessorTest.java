package io.profilestream.profileupdater.profile;

import static io.profilestream.model.event.EventType.PURCHASE;
import static io.profilestream.model.event.EventType.VIEW;
import static io.profilestream.profileupdater.profile.TestCipher.CIPHER;
import static io.profilestream.profileupdater.profile.TestEvents.ALICE;
import static io.profilestream.profileupdater.profile.TestEvents.BOB;
import static io.profilestream.profileupdater.profile.TestEvents.T0;
import static io.profilestream.profileupdater.profile.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.profilestream.model.crypto.UndecryptableException;
import io.profilestream.model.crypto.UserDataCipher;

import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.Consent;
import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.NeuralState;
import io.profilestream.model.profile.PriceBand;
import io.profilestream.model.profile.Rfm;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.streams.MissingFieldException;
import io.profilestream.profileupdater.neural.NeuralStep;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The per-event step alone: folding, sealing, key handling, consent and erasure markers. */
class ApplyEventProcessorTest {

    private MockProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> store;
    private KeyValueStore<String, byte[]> keys;
    private KeyValueStore<String, ProfileActivity> activity;
    private KeyValueStore<String, Long> erased;
    private ApplyEventProcessor processor;

    @BeforeEach
    void setUp() {
        ProcessorStores<String, byte[]> stores = ProcessorStores.all();
        context = stores.context;
        store = stores.profiles;
        keys = stores.keys;
        activity = stores.activity;
        erased = stores.erased;
        processor = new ApplyEventProcessor(ProfileSettings.defaults(), NeuralStep.disabled(), CIPHER);
        processor.init(context);
    }

    private void process(String key, CleanEvent event, long timestamp) {
        processor.process(new Record<>(key, event, timestamp));
    }

    /** The stored profile, opened with the stored key; null when either is missing. */
    private UserProfile stored(String user) {
        byte[] sealed = store.get(user);
        return sealed == null ? null : TestCipher.open(user, keys.get(user), sealed);
    }

    /** The forwarded profiles, opened with their users' current keys (tombstones stay null). */
    private List<Record<String, UserProfile>> forwardedProfiles() {
        return context.forwarded().stream()
                .filter(f -> f.childName().equals(Optional.of(ProfileTopology.SINK)))
                .map(f -> {
                    Record<? extends String, ? extends byte[]> r = f.record();
                    UserProfile p = r.value() == null ? null : TestCipher.open(r.key(), keys.get(r.key()), r.value());
                    return new Record<String, UserProfile>(r.key(), p, r.timestamp());
                })
                .toList();
    }

    private List<String> forwardedTo() {
        return context.forwarded().stream().map(f -> f.childName().orElse("<all>")).toList();
    }

    @Test
    void shouldStoreAndForwardTheFirstProfileOfAUserSealed() {
        process(ALICE, event(VIEW, T0).session("s1").item("i1").category("a").brand("x").price("10.00", "EUR").build(), 1_000L);

        UserProfile expected = new UserProfile(ALICE, 1, Map.of(VIEW, 1L),
                new DecayedScores(T0, Map.of("a", 1.0)), new DecayedScores(T0, Map.of("x", 1.0)),
                new PriceBand(1, Math.log(10.0), 0.0), Rfm.empty(), 1, "s1", List.of("i1"), List.of(), T0, T0);
        assertThat(stored(ALICE)).isEqualTo(expected);
        assertThat(forwardedProfiles()).containsExactly(new Record<>(ALICE, expected, 1_000L));
        // The forwarded bytes are the stored ones (random nonce: equal only if sealed once).
        assertThat(context.forwarded().get(1).record().value()).isEqualTo(store.get(ALICE));
    }

    @Test
    void shouldCreateStoreAndForwardANewUsersKeyBeforeTheirFirstProfile() {
        process(ALICE, event(VIEW, T0).item("i1").build(), 1_000L);

        assertThat(forwardedTo()).containsExactly(ProfileTopology.USER_KEYS_SINK, ProfileTopology.SINK);
        Record<? extends String, ? extends byte[]> key = context.forwarded().get(0).record();
        assertThat(key.key()).isEqualTo(ALICE);
        assertThat(key.value()).isEqualTo(keys.get(ALICE));
        assertThat(key.timestamp()).isEqualTo(1_000L);
        assertThat(TestCipher.opens(ALICE, key.value(), store.get(ALICE))).isTrue();
    }

    @Test
    void shouldReuseTheStoredKeyForLaterEventsWithoutPublishingItAgain() {
        process(ALICE, event(VIEW, T0).item("i1").build(), 1L);
        byte[] key = keys.get(ALICE);
        context.resetForwards();

        process(ALICE, event(VIEW, T0).item("i2").build(), 2L);
        process(ALICE, event(VIEW, T0).item("i3").build(), 3L);

        assertThat(forwardedTo()).containsExactly(ProfileTopology.SINK, ProfileTopology.SINK);
        assertThat(keys.get(ALICE)).isEqualTo(key);
        assertThat(stored(ALICE).recentItems()).containsExactly("i3", "i2", "i1");
    }

    @Test
    void shouldStoreAndForwardNoPlaintext() {
        process(ALICE, event(VIEW, T0).session("session-77").item("item-4711").category("garden.tools").brand("brandname")
                .build(), 1L);

        for (byte[] bytes : List.of(store.get(ALICE), context.forwarded().get(1).record().value(), keys.get(ALICE))) {
            assertThat(TestCipher.latin1(bytes)).doesNotContain("item-4711", "garden.tools", "brandname", "session-77",
                    "eventCount", ALICE);
        }
    }

    @Test
    void shouldFoldTheNextEventOntoTheStoredProfile() {
        process(ALICE, event(VIEW, T0).session("s1").item("i1").category("a").build(), 1_000L);
        process(ALICE, event(PURCHASE, T0).session("s1").item("i1").category("a").price("10.00", "EUR").quantity(3).build(), 2_000L);

        UserProfile expected = new UserProfile(ALICE, 2, Map.of(VIEW, 1L, PURCHASE, 1L),
                new DecayedScores(T0, Map.of("a", 6.0)), null,
                new PriceBand(1, Math.log(10.0), 0.0), new Rfm(T0, 1, 3, Map.of("EUR", new BigDecimal("30.00"))),
                1, "s1", List.of("i1"), List.of("i1"), T0, T0);
        assertThat(stored(ALICE)).isEqualTo(expected);
        assertThat(forwardedProfiles()).last().isEqualTo(new Record<>(ALICE, expected, 2_000L));
    }

    @Test
    void shouldRecordTheProfilesLatestEventTimeAndItsKeyIdForTheStorageLimits() {
        process(ALICE, event(VIEW, T0.plusSeconds(10)).keyId("k2").item("i1").build(), 1L);
        // A late event: the profile's latest event stays the one that counts for inactivity.
        process(ALICE, event(VIEW, T0).keyId("k2").item("i2").build(), 2L);
        process(BOB, event(VIEW, T0.plusSeconds(5)).user(BOB).item("i3").build(), 3L);

        assertThat(activity.get(ALICE)).isEqualTo(new ProfileActivity(T0.plusSeconds(10).toEpochMilli(), "k2"));
        assertThat(activity.get(BOB)).isEqualTo(new ProfileActivity(T0.plusSeconds(5).toEpochMilli(), "k1"));
    }

    @Test
    void shouldOwnItsTasksExpirySweepOnWallClockTime() {
        assertThat(context.scheduledPunctuators()).extracting(CapturedPunctuator::getInterval, CapturedPunctuator::getType,
                        p -> p.getPunctuator().getClass())
                .containsExactly(tuple(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME, OpenedProfiles.class),
                        tuple(Duration.ofHours(1), PunctuationType.WALL_CLOCK_TIME, ExpireProfilesPunctuator.class));
    }

    @Test
    void shouldDropTheOpenedProfileOfAUserIdleForTwoMinutes() {
        OpenedProfiles opened = (OpenedProfiles) context.scheduledPunctuators().get(0).getPunctuator();
        context.setCurrentSystemTimeMs(1_000L);
        process(ALICE, event(VIEW, T0).item("i1").build(), 1L);
        process(BOB, event(VIEW, T0).user(BOB).item("i2").build(), 2L);
        assertThat(opened.size()).isEqualTo(2);

        opened.punctuate(120_999L);
        assertThat(opened.size()).isEqualTo(2);
        opened.punctuate(121_000L);
        assertThat(opened.size()).isZero();
        // The next event opens the stored profile and folds onto it as before.
        process(ALICE, event(VIEW, T0).item("i3").build(), 3L);
        assertThat(stored(ALICE).recentItems()).containsExactly("i3", "i1");
    }

    @Test
    void shouldDropTheOpenedProfileAtOnceWhenConsentIsWithdrawn() {
        OpenedProfiles opened = (OpenedProfiles) context.scheduledPunctuators().get(0).getPunctuator();
        process(ALICE, event(VIEW, T0).item("i1").build(), 1L);
        assertThat(opened.size()).isEqualTo(1);

        process(ALICE, event(VIEW, T0).item("i2").consent(Consent.WITHDRAWN).build(), 2L);

        assertThat(opened.size()).isZero();
    }

    @Test
    void shouldKeepUsersApart() {
        process(ALICE, event(VIEW, T0).item("i1").build(), 1L);
        process(BOB, event(VIEW, T0).user(BOB).item("i2").build(), 2L);
        process(ALICE, event(VIEW, T0).item("i3").build(), 3L);

        assertThat(stored(ALICE).recentItems()).containsExactly("i3", "i1");
        assertThat(stored(BOB).recentItems()).containsExactly("i2");
        assertThat(forwardedProfiles()).extracting(Record::key).containsExactly(ALICE, BOB, ALICE);
        assertThat(forwardedProfiles()).extracting(r -> r.value().eventCount()).containsExactly(1L, 1L, 2L);
        assertThat(context.forwarded(ProfileTopology.USER_KEYS_SINK)).extracting(f -> (String) f.record().key())
                .containsExactly(ALICE, BOB);
        assertThat(TestCipher.opens(ALICE, keys.get(BOB), store.get(ALICE))).isFalse();
    }

    @Test
    void shouldFallBackToTheRecordTimestampWhenTheEventHasNoTime() {
        CleanEvent noTime = new CleanEvent(1, "e1", ALICE, "k1", null, VIEW, "i1", null, null, null, null, null, null, null, null, null);

        process(ALICE, noTime, T0.toEpochMilli());

        assertThat(stored(ALICE).firstEventTime()).isEqualTo(T0);
        assertThat(stored(ALICE).lastEventTime()).isEqualTo(T0);
    }

    @Test
    void shouldUseTheEventsUserKeyWhenTheRecordHasNoKey() {
        process(null, event(VIEW, T0).user(BOB).item("i1").build(), 1L);

        assertThat(stored(BOB).eventCount()).isEqualTo(1);
        assertThat(context.forwarded()).extracting(f -> (String) f.record().key()).containsExactly(BOB, BOB);
    }

    @Test
    void shouldRejectRecordsMissingTheUserOrTypeAsMissingFieldsAndSkipThoseWithoutValue() {
        CleanEvent noType = new CleanEvent(1, "e1", ALICE, "k1", null, null, "i1", null, null, null, null, null, null, null, null, T0);
        CleanEvent noUser = new CleanEvent(1, "e2", null, "k1", null, VIEW, "i1", null, null, null, null, null, null, null, null, T0);

        process(ALICE, null, 1L);
        assertThatThrownBy(() -> process(ALICE, noType, 2L)).isInstanceOf(MissingFieldException.class)
                .hasMessage("missing required field type");
        assertThatThrownBy(() -> process(null, noUser, 3L)).isInstanceOf(MissingFieldException.class)
                .hasMessage("missing required field userKey");

        assertThat(context.forwarded()).isEmpty();
        assertThat(store.approximateNumEntries()).isZero();
        assertThat(keys.approximateNumEntries()).isZero();
    }

    @Test
    void shouldDeleteProfileAndKeyAndForwardBothTombstonesProfileFirstWhenConsentIsWithdrawn() {
        process(ALICE, event(VIEW, T0).item("i1").build(), 1L);
        context.resetForwards();

        process(ALICE, event(VIEW, T0.plusSeconds(1)).item("i2").consent(Consent.WITHDRAWN).build(), 2L);

        assertThat(store.get(ALICE)).isNull();
        assertThat(keys.get(ALICE)).isNull();
        assertThat(activity.get(ALICE)).isNull();
        assertThat(forwardedTo()).containsExactly(ProfileTopology.SINK, ProfileTopology.USER_KEYS_SINK);
        assertThat(context.forwarded()).extracting(f -> (Object) f.record())
                .containsExactly(new Record<>(ALICE, null, 2L), new Record<>(ALICE, null, 2L));
    }

    @Test
    void shouldStartAFreshProfileUnderAFreshKeyWhenConsentIsGrantedAgain() {
        process(ALICE, event(VIEW, T0).item("i1").build(), 1L);
        byte[] first = keys.get(ALICE);
        process(ALICE, event(VIEW, T0.plusSeconds(1)).consent(Consent.WITHDRAWN).build(), 2L);
        context.resetForwards();

        process(ALICE, event(VIEW, T0.plusSeconds(2)).item("i3").consent(Consent.GRANTED).build(), 3L);

        assertThat(forwardedTo()).containsExactly(ProfileTopology.USER_KEYS_SINK, ProfileTopology.SINK);
        assertThat(keys.get(ALICE)).isNotEqualTo(first);
        assertThat(stored(ALICE).recentItems()).containsExactly("i3");
        assertThat(TestCipher.opens(ALICE, first, store.get(ALICE))).isFalse();
    }

    @Test
    void shouldStoreAndForwardTheExplicitFoldAndTheNeuralStepAsOneProfile() {
        NeuralState stepped = new NeuralState("v1", "s1", List.of("i1"), 1, new float[]{0.5f}, new float[]{0.25f});
        List<UserProfile> seenByStep = new ArrayList<>();
        processor = new ApplyEventProcessor(ProfileSettings.defaults(), (folded, event) -> {
            seenByStep.add(folded);
            return stepped;
        }, CIPHER);
        processor.init(context);

        process(ALICE, event(VIEW, T0).session("s1").item("i1").category("a").build(), 1_000L);

        UserProfile explicit = new UserProfile(ALICE, 1, Map.of(VIEW, 1L), new DecayedScores(T0, Map.of("a", 1.0)), null,
                null, null, 1, "s1", List.of("i1"), List.of(), T0, T0);
        assertThat(seenByStep).containsExactly(explicit);
        assertThat(stored(ALICE)).isEqualTo(explicit.withNeural(stepped));
        assertThat(forwardedProfiles()).containsExactly(new Record<>(ALICE, explicit.withNeural(stepped), 1_000L));
    }

    @Test
    void shouldHandTheStoredNeuralStateToTheNextStep() {
        NeuralState storedState = new NeuralState("v1", "s1", List.of("i1"), 1, new float[]{0.5f}, new float[]{0.25f});
        byte[] key = CIPHER.newWrappedKey(ALICE);
        keys.put(ALICE, key);
        store.put(ALICE, TestCipher.seal(ALICE, key, UserProfile.empty(ALICE).withNeural(storedState)));
        List<NeuralState> seenByStep = new ArrayList<>();
        processor = new ApplyEventProcessor(ProfileSettings.defaults(), (folded, event) -> {
            seenByStep.add(folded.neural());
            return folded.neural();
        }, CIPHER);
        processor.init(context);

        process(ALICE, event(VIEW, T0).session("s1").item("i2").build(), 1_000L);

        assertThat(seenByStep).containsExactly(storedState);
        assertThat(stored(ALICE).neural()).isEqualTo(storedState);
        assertThat(stored(ALICE).eventCount()).isEqualTo(1);
    }

    private double metricTotal(String name) {
        return context.metrics().metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name))
                .mapToDouble(e -> (Double) e.getValue().metricValue())
                .sum();
    }

    @Test
    void shouldDropAndCountAnEventReceivedBeforeTheErasureOfItsUser() {
        erased.put(ALICE, T0.toEpochMilli());

        // Event time after the erasure, but ingest received it before: it was in flight.
        process(ALICE, event(VIEW, T0.plusSeconds(5)).item("i1").build(), T0.toEpochMilli());

        assertThat(store.get(ALICE)).isNull();
        assertThat(keys.get(ALICE)).isNull();
        assertThat(activity.get(ALICE)).isNull();
        assertThat(context.forwarded()).isEmpty();
        assertThat(metricTotal("dropped-after-erasure-total")).isEqualTo(1.0);
    }

    @Test
    void shouldDropAndCountAnEventThatHappenedBeforeTheErasureOfItsUser() {
        erased.put(ALICE, T0.toEpochMilli());

        // Received after the erasure, but it happened before (e.g. sent late by an offline app).
        process(ALICE, event(VIEW, T0.minusSeconds(1)).item("i1").build(), T0.plusSeconds(5).toEpochMilli());

        assertThat(store.get(ALICE)).isNull();
        assertThat(keys.get(ALICE)).isNull();
        assertThat(context.forwarded()).isEmpty();
        assertThat(metricTotal("dropped-after-erasure-total")).isEqualTo(1.0);
    }

    @Test
    void shouldStartAFreshProfileFromAnEventEntirelyAfterTheErasure() {
        erased.put(ALICE, T0.toEpochMilli());

        process(ALICE, event(VIEW, T0.plusMillis(1)).session("s1").item("i1").build(), T0.plusMillis(1).toEpochMilli());
        process(BOB, event(VIEW, T0).user(BOB).item("i2").build(), T0.toEpochMilli());

        assertThat(stored(ALICE).eventCount()).isEqualTo(1);
        assertThat(stored(ALICE).recentItems()).containsExactly("i1");
        assertThat(stored(BOB).eventCount()).isEqualTo(1);
        assertThat(metricTotal("dropped-after-erasure-total")).isEqualTo(0.0);
    }

    @Test
    void shouldStartAFreshProfileAndCountAndWarnWithoutKeyMaterialWhenTheStoredProfileCannotBeOpened() {
        byte[] key = CIPHER.newWrappedKey(ALICE);
        keys.put(ALICE, key);
        // Sealed under another key of the same user: structurally valid, but it does not open.
        store.put(ALICE, TestCipher.seal(ALICE, CIPHER.newWrappedKey(ALICE), UserProfile.empty(ALICE)));
        context.setRecordMetadata("profilestream.events.clean.v1", 3, 42L);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(ApplyEventProcessor.class);
        log.start();
        logger.addAppender(log);
        try {
            process(ALICE, event(VIEW, T0).item("i1").build(), 1L);
        } finally {
            logger.detachAppender(log);
        }

        assertThat(stored(ALICE).eventCount()).isEqualTo(1);
        assertThat(stored(ALICE).recentItems()).containsExactly("i1");
        assertThat(keys.get(ALICE)).isEqualTo(key);
        assertThat(forwardedTo()).containsExactly(ProfileTopology.SINK);
        assertThat(metricTotal("undecryptable-profiles-total")).isEqualTo(1.0);
        assertThat(log.list).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
                .containsExactly(tuple(Level.WARN, "Stored profile for the user of the clean event at "
                        + "profilestream.events.clean.v1-3@42 cannot be opened (cannot open a value: authentication failed "
                        + "(wrong user, key or altered data)); starting it afresh"));
    }

    @Test
    void shouldFailWithoutTouchingTheStoresWhenTheKeyIsWrappedUnderAnotherMasterKey() {
        UserDataCipher other = new UserDataCipher("m2", new byte[32]);
        byte[] foreignKey = other.newWrappedKey(ALICE);
        byte[] sealed = other.sealJson(ALICE, foreignKey, UserProfile.empty(ALICE));
        keys.put(ALICE, foreignKey);
        store.put(ALICE, sealed);

        // A wrong master key must stop processing, not replace every profile with an empty one.
        assertThatThrownBy(() -> process(ALICE, event(VIEW, T0).item("i1").build(), 1L))
                .isInstanceOf(UndecryptableException.class)
                .hasMessage("data key is wrapped under master key 'm2', this service holds 'm1'");
        assertThat(store.get(ALICE)).isEqualTo(sealed);
        assertThat(keys.get(ALICE)).isEqualTo(foreignKey);
        assertThat(context.forwarded()).isEmpty();
    }
}
