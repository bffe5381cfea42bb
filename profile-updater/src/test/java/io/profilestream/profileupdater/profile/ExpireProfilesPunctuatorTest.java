package io.profilestream.profileupdater.profile;

import static io.profilestream.profileupdater.profile.TestEvents.ALICE;
import static io.profilestream.profileupdater.profile.TestEvents.BOB;
import static io.profilestream.profileupdater.profile.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.profilestream.model.profile.UserProfile;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The storage-limit sweep alone: which users it deletes, how, and what it counts and logs. */
class ExpireProfilesPunctuatorTest {

    private static final String CAROL = "c3".repeat(32);
    private static final String DAVE = "d4".repeat(32);
    private static final Duration RETENTION = Duration.ofDays(30);
    /** The sweep's wall-clock time: exactly one retention after {@link TestEvents#T0}. */
    private static final long NOW = T0.plus(RETENTION).toEpochMilli();

    private MockProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> profiles;
    private KeyValueStore<String, byte[]> keys;
    private KeyValueStore<String, ProfileActivity> activity;
    private KeyValueStore<String, Long> consent;

    @BeforeEach
    void setUp() {
        // Not the erasure or handover stores: the sweep must work without them.
        ProcessorStores<String, byte[]> stores = ProcessorStores.only(ProfileTopology.PROFILE_STORE,
                ProfileTopology.USER_KEYS_STORE, ProfileTopology.ACTIVITY_STORE, ProfileTopology.CONSENT_STORE);
        context = stores.context;
        profiles = stores.profiles;
        keys = stores.keys;
        activity = stores.activity;
        consent = stores.consent;
    }

    private ExpireProfilesPunctuator sweep(Set<String> retiredKeyIds) {
        return new ExpireProfilesPunctuator(context, RETENTION, retiredKeyIds);
    }

    /** A profile, its key and its activity, as the apply-event step leaves them. */
    private void profile(String user, long lastEventAt, String keyId) {
        byte[] key = TestCipher.CIPHER.newWrappedKey(user);
        keys.put(user, key);
        profiles.put(user, TestCipher.seal(user, key, UserProfile.empty(user)));
        activity.put(user, new ProfileActivity(lastEventAt, keyId));
    }

    private boolean held(String user) {
        return profiles.get(user) != null || keys.get(user) != null || activity.get(user) != null;
    }

    private double metricTotal(String name) {
        return context.metrics().metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name))
                .mapToDouble(e -> (Double) e.getValue().metricValue())
                .sum();
    }

    @Test
    void shouldDeleteAndTombstoneTheProfileAndKeyOfAUserInactiveForLongerThanTheRetention() {
        profile(ALICE, T0.toEpochMilli() - 1, "k1");
        profile(BOB, T0.toEpochMilli(), "k1");

        ExpireProfilesPunctuator.Sweep result = sweep(Set.of()).sweep(NOW);

        assertThat(result).isEqualTo(new ExpireProfilesPunctuator.Sweep(1, 0, 1));
        assertThat(held(ALICE)).isFalse();
        // Exactly one retention ago is not longer than the retention: kept.
        assertThat(profiles.get(BOB)).isNotNull();
        assertThat(keys.get(BOB)).isNotNull();
        assertThat(activity.get(BOB)).isEqualTo(new ProfileActivity(T0.toEpochMilli(), "k1"));
        // Profile first, key second, stamped with the sweep's time.
        assertThat(context.forwarded()).extracting(f -> f.childName().orElseThrow(), f -> (Object) f.record())
                .containsExactly(tuple(ProfileTopology.SINK, new Record<>(ALICE, null, NOW)),
                        tuple(ProfileTopology.USER_KEYS_SINK, new Record<>(ALICE, null, NOW)));
    }

    @Test
    void shouldDeleteUsersLastSeenUnderARetiredKeyIdWhateverTheirActivity() {
        profile(ALICE, NOW, "k1");
        profile(BOB, NOW, "k2");
        profile(CAROL, NOW, null);

        ExpireProfilesPunctuator.Sweep result = sweep(Set.of("k1")).sweep(NOW);

        assertThat(result).isEqualTo(new ExpireProfilesPunctuator.Sweep(0, 1, 2));
        assertThat(held(ALICE)).isFalse();
        assertThat(activity.get(BOB)).isEqualTo(new ProfileActivity(NOW, "k2"));
        // Unknown key id: only inactivity can expire it.
        assertThat(activity.get(CAROL)).isEqualTo(new ProfileActivity(NOW, null));
        assertThat(context.forwarded()).extracting(f -> (String) f.record().key()).containsExactly(ALICE, ALICE);
    }

    @Test
    void shouldCountEachExpiredUserOnceUnderItsReasonInTheTaskMetrics() {
        profile(ALICE, T0.toEpochMilli() - 1, "k2");
        profile(BOB, T0.toEpochMilli() - 1, "k1");
        profile(CAROL, NOW, "k1");
        profile(DAVE, NOW, "k2");
        ExpireProfilesPunctuator sweep = sweep(Set.of("k1"));

        sweep.punctuate(NOW);

        assertThat(List.of(ALICE, BOB, CAROL, DAVE)).extracting(this::held).containsExactly(false, false, false, true);
        assertThat(metricTotal("expired-inactive-profiles-total")).isEqualTo(1.0);
        // Bob is inactive too, but counted once, under the retired key.
        assertThat(metricTotal("expired-retired-key-profiles-total")).isEqualTo(2.0);
    }

    @Test
    void shouldKeepTheObjectionToProfilingOfAnExpiredUser() {
        profile(ALICE, T0.toEpochMilli() - 1, "k1");
        consent.put(ALICE, T0.toEpochMilli() - 5);

        sweep(Set.of()).sweep(NOW);

        assertThat(held(ALICE)).isFalse();
        assertThat(consent.get(ALICE)).isEqualTo(T0.toEpochMilli() - 5);
    }

    @Test
    void shouldTombstoneAnActivityEntryLeftWithoutProfile() {
        activity.put(ALICE, new ProfileActivity(T0.toEpochMilli() - 1, "k1"));

        sweep(Set.of()).sweep(NOW);

        assertThat(activity.get(ALICE)).isNull();
        assertThat(context.forwarded()).extracting(f -> f.childName().orElseThrow())
                .containsExactly(ProfileTopology.SINK, ProfileTopology.USER_KEYS_SINK);
    }

    @Test
    void shouldLogOneInfoLineWithTheCountsAndNoPseudonym() {
        profile(ALICE, T0.toEpochMilli() - 1, "k2");
        profile(BOB, NOW, "k1");
        profile(CAROL, NOW, "k2");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(ExpireProfilesPunctuator.class);
        log.start();
        logger.addAppender(log);
        try {
            sweep(Set.of("k1")).sweep(NOW);
        } finally {
            logger.detachAppender(log);
        }

        assertThat(log.list).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
                .containsExactly(tuple(Level.INFO, "Profile expiry sweep of task 0_0: 1 profile(s) deleted after PT720H "
                        + "without events, 1 under retired key id(s) [k1], 1 kept"));
    }

    @Test
    void shouldDoNothingButReportOnAnEmptyStore() {
        assertThat(sweep(Set.of("k1")).sweep(NOW)).isEqualTo(new ExpireProfilesPunctuator.Sweep(0, 0, 0));
        assertThat(context.forwarded()).isEmpty();
    }

    @Test
    void shouldScheduleItselfOnWallClockTimeAtTheConfiguredInterval() {
        profile(ALICE, T0.toEpochMilli() - 1, "k1");

        ExpireProfilesPunctuator.schedule(context,
                ProfileSettings.defaults().withStorageLimits(RETENTION, Set.of(), Duration.ofMinutes(10)));

        assertThat(context.scheduledPunctuators()).hasSize(1);
        CapturedPunctuator scheduled = context.scheduledPunctuators().get(0);
        assertThat(scheduled.getInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(scheduled.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
        scheduled.getPunctuator().punctuate(NOW);
        assertThat(held(ALICE)).isFalse();
    }

    @Test
    void shouldRefuseANonPositiveRetention() {
        assertThatThrownBy(() -> new ExpireProfilesPunctuator(context, Duration.ZERO, Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retention must be positive: PT0S");
    }
}
