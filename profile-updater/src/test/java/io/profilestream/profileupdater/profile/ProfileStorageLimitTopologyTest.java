package io.profilestream.profileupdater.profile;

import static io.profilestream.model.event.EventType.PURCHASE;
import static io.profilestream.model.event.EventType.VIEW;
import static io.profilestream.profileupdater.profile.TestEvents.ALICE;
import static io.profilestream.profileupdater.profile.TestEvents.BOB;
import static io.profilestream.profileupdater.profile.TestEvents.T0;
import static io.profilestream.profileupdater.profile.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.profilestream.model.erasure.ErasureCommand;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.Consent;
import io.profilestream.model.event.Rekey;
import io.profilestream.model.topic.Topic;
import io.profilestream.model.topic.Topics;
import io.profilestream.profileupdater.neural.NeuralStep;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage limitation through the real topology: the activity store follows every profile write
 * and deletion, and the wall-clock sweep tombstones the profiles and keys of inactive users and of
 * users last seen under a retired pseudonymisation key.
 */
class ProfileStorageLimitTopologyTest {

    private static final Duration RETENTION = Duration.ofDays(30);
    /** The sweep runs hourly from the driver's start, {@link #START}. */
    private static final Duration SWEEP = Duration.ofHours(1);
    private static final Instant START = T0;
    private static final String ACTIVITY_CHANGELOG = "profile-updater-profile-activity-changelog";
    private static final String PROFILES_CHANGELOG = "profile-updater-profiles-changelog";
    private static final String KEYS_CHANGELOG = "profile-updater-user-keys-changelog";
    /** A user returning after a rotation from k1 to k2: old and new pseudonym. */
    private static final String OLD = "0a".repeat(32);
    private static final String NEW = "1b".repeat(32);

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, CleanEvent> cleanEvents;
    private TestInputTopic<String, ErasureCommand> erasures;
    private TestInputTopic<String, Rekey> rekeys;
    private SealedOutputs outputs;

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
    }

    /** Starts the real topology at wall-clock {@link #START} with the given retired key ids. */
    private void start(Set<String> retiredKeyIds) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "profile-updater");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        ProfileSettings settings = ProfileSettings.defaults().withStorageLimits(RETENTION, retiredKeyIds, SWEEP);
        ProfileTopology.Deps deps = new ProfileTopology.Deps(settings, NeuralStep.disabled(), TestCipher.CIPHER,
                Clock.fixed(START, ZoneOffset.UTC));
        driver = new TopologyTestDriver(ProfileTopology.build(deps), props, START);
        cleanEvents = input(Topics.CLEAN_EVENTS);
        erasures = input(Topics.ERASURES);
        rekeys = input(Topics.REKEYS);
        outputs = new SealedOutputs(driver);
    }

    @BeforeEach
    void startWithoutRetiredKeys() {
        start(Set.of());
    }

    /** Restarts with {@code retiredKeyIds}, as an operator does after a rotation's grace period. */
    private void restartRetiring(Set<String> retiredKeyIds) {
        driver.close();
        start(retiredKeyIds);
    }

    private <K, V> TestInputTopic<K, V> input(Topic<K, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private void pipe(CleanEvent event) {
        cleanEvents.pipeInput(event.userKey(), event, event.eventTime());
    }

    private KeyValueStore<String, ProfileActivity> activityStore() {
        return driver.getKeyValueStore(ProfileTopology.ACTIVITY_STORE);
    }

    /** The records of {@code user} on a changelog not read yet, in order (tombstones as null values). */
    private List<KeyValue<String, byte[]>> changelogOf(String user, String changelog) {
        return outputs.rawTopic(changelog).readKeyValuesToList().stream().filter(kv -> kv.key.equals(user)).toList();
    }

    private static void assertLastIsTombstone(List<KeyValue<String, byte[]>> logged) {
        assertThat(logged).isNotEmpty();
        assertThat(logged.get(logged.size() - 1).value).isNull();
    }

    private double metricTotal(String name) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name))
                .mapToDouble(e -> (Double) e.getValue().metricValue())
                .sum();
    }

    @Test
    void shouldTombstoneAnInactiveUsersProfileAndKeyOnceTheRetentionHasPassedButNotAnActiveUsers() {
        pipe(event(VIEW, T0).item("phone-1").build());
        Instant bobSeen = T0.plus(Duration.ofDays(20));
        pipe(event(VIEW, bobSeen).user(BOB).item("book-9").build());
        byte[] bobKey = outputs.keyStore().get(BOB);
        outputs.readRecords();
        int keyRecords = outputs.keyRecords().size();

        // Exactly one retention after Alice's event: not yet longer than the retention.
        driver.advanceWallClockTime(RETENTION);
        assertThat(outputs.profilesTopic().isEmpty()).isTrue();
        assertThat(activityStore().get(ALICE)).isEqualTo(new ProfileActivity(T0.toEpochMilli(), "k1"));

        driver.advanceWallClockTime(SWEEP);

        Instant sweptAt = START.plus(RETENTION).plus(SWEEP);
        assertThat(outputs.readRecords()).containsExactly(new TestRecord<>(ALICE, null, sweptAt));
        List<TestRecord<String, byte[]>> newKeyRecords = outputs.keyRecords().subList(keyRecords, outputs.keyRecords().size());
        assertThat(newKeyRecords).extracting(TestRecord::key, TestRecord::value, TestRecord::getRecordTime)
                .containsExactly(tuple(ALICE, null, sweptAt));
        assertThat(outputs.profileStore().get(ALICE)).isNull();
        assertThat(outputs.keyStore().get(ALICE)).isNull();
        assertThat(activityStore().get(ALICE)).isNull();
        assertThat(outputs.stored(BOB).recentItems()).containsExactly("book-9");
        assertThat(outputs.keyStore().get(BOB)).isEqualTo(bobKey);
        assertThat(activityStore().get(BOB)).isEqualTo(new ProfileActivity(bobSeen.toEpochMilli(), "k1"));
        assertThat(metricTotal("expired-inactive-profiles-total")).isEqualTo(1.0);
        assertThat(metricTotal("expired-retired-key-profiles-total")).isEqualTo(0.0);
    }

    @Test
    void shouldLeaveOnlyTombstonesOfAnExpiredUserInEveryChangelog() {
        pipe(event(VIEW, T0).item("phone-1").build());

        driver.advanceWallClockTime(RETENTION.plus(SWEEP));

        assertLastIsTombstone(changelogOf(ALICE, PROFILES_CHANGELOG));
        assertLastIsTombstone(changelogOf(ALICE, KEYS_CHANGELOG));
        assertLastIsTombstone(changelogOf(ALICE, ACTIVITY_CHANGELOG));
    }

    @Test
    void shouldKeepAUserWhoShopsAgainBeforeTheRetentionPasses() {
        pipe(event(VIEW, T0).item("phone-1").build());
        driver.advanceWallClockTime(RETENTION.minus(Duration.ofDays(1)));
        Instant again = T0.plus(RETENTION).minus(Duration.ofDays(1));
        pipe(event(PURCHASE, again).item("phone-1").build());
        outputs.readRecords();

        driver.advanceWallClockTime(Duration.ofDays(2));

        assertThat(outputs.profilesTopic().isEmpty()).isTrue();
        assertThat(outputs.stored(ALICE).eventCount()).isEqualTo(2);
        assertThat(activityStore().get(ALICE)).isEqualTo(new ProfileActivity(again.toEpochMilli(), "k1"));
    }

    @Test
    void shouldExpireAUserWhoseLatestEventUsedARetiredKeyIdButNotOneUnderTheCurrentKeyId() {
        restartRetiring(Set.of("k1"));
        pipe(event(VIEW, T0).item("phone-1").keyId("k1").build());
        pipe(event(VIEW, T0).user(BOB).item("book-9").keyId("k2").build());
        outputs.readRecords();

        driver.advanceWallClockTime(SWEEP);

        Instant sweptAt = START.plus(SWEEP);
        assertThat(outputs.readRecords()).containsExactly(new TestRecord<>(ALICE, null, sweptAt));
        assertThat(outputs.keyStore().get(ALICE)).isNull();
        assertThat(activityStore().get(ALICE)).isNull();
        assertThat(outputs.stored(BOB).recentItems()).containsExactly("book-9");
        assertThat(activityStore().get(BOB)).isEqualTo(new ProfileActivity(T0.toEpochMilli(), "k2"));
        assertThat(metricTotal("expired-retired-key-profiles-total")).isEqualTo(1.0);
    }

    @Test
    void shouldDeleteTheActivityEntryOnErasure() {
        pipe(event(VIEW, T0).item("phone-1").build());
        assertThat(activityStore().get(ALICE)).isEqualTo(new ProfileActivity(T0.toEpochMilli(), "k1"));
        Instant erasedAt = T0.plusSeconds(60);

        erasures.pipeInput(ALICE, new ErasureCommand("req-1", ALICE, "k1", erasedAt), erasedAt);

        assertThat(activityStore().get(ALICE)).isNull();
        assertLastIsTombstone(changelogOf(ALICE, ACTIVITY_CHANGELOG));
    }

    @Test
    void shouldDeleteTheActivityEntryButKeepTheObjectionOnConsentWithdrawal() {
        pipe(event(VIEW, T0).item("phone-1").build());

        pipe(event(VIEW, T0.plusSeconds(1)).item("phone-2").consent(Consent.WITHDRAWN).build());

        assertThat(activityStore().get(ALICE)).isNull();
        assertLastIsTombstone(changelogOf(ALICE, ACTIVITY_CHANGELOG));
        assertThat(driver.<String, Long>getKeyValueStore(ProfileTopology.CONSENT_STORE).get(ALICE))
                .isEqualTo(T0.plusSeconds(1).toEpochMilli());
        // Nothing left to expire: the sweep sends nothing more.
        outputs.readRecords();
        driver.advanceWallClockTime(RETENTION.plus(SWEEP));
        assertThat(outputs.profilesTopic().isEmpty()).isTrue();
        assertThat(driver.<String, Long>getKeyValueStore(ProfileTopology.CONSENT_STORE).get(ALICE))
                .isEqualTo(T0.plusSeconds(1).toEpochMilli());
    }

    @Test
    void shouldMoveTheActivityEntryToTheNewPseudonymWithTheNewKeyIdOnHandover() {
        pipe(event(VIEW, T0).user(OLD).item("phone-1").keyId("k1").build());
        assertThat(activityStore().get(OLD)).isEqualTo(new ProfileActivity(T0.toEpochMilli(), "k1"));
        Instant rotatedAt = T0.plusSeconds(100);

        rekeys.pipeInput(OLD, new Rekey(OLD, "k1", NEW, "k2", rotatedAt), rotatedAt);

        assertThat(activityStore().get(OLD)).isNull();
        assertLastIsTombstone(changelogOf(OLD, ACTIVITY_CHANGELOG));
        // Adopted: the profile's latest event, under the key id that made the new pseudonym.
        assertThat(activityStore().get(NEW)).isEqualTo(new ProfileActivity(T0.toEpochMilli(), "k2"));

        Instant shopsAgain = rotatedAt.plusSeconds(5);
        pipe(event(VIEW, shopsAgain).user(NEW).item("case-1").keyId("k2").previousUser(OLD).build());

        // Same key id, less than an hour later: the entry is not rewritten (ProfileUpdate.ACTIVITY_STEP_MS).
        assertThat(activityStore().get(NEW)).isEqualTo(new ProfileActivity(T0.toEpochMilli(), "k2"));
        assertThat(outputs.stored(NEW).eventCount()).isEqualTo(2);
    }

    @Test
    void shouldExpireOnlyTheUsersWhoDidNotReturnOnceTheOldKeyIsRetired() {
        restartRetiring(Set.of("k1"));
        // Before the rotation, under k1: Alice and Bob (then known as OLD) shop.
        pipe(event(VIEW, T0).item("phone-1").keyId("k1").build());
        pipe(event(VIEW, T0).user(OLD).item("book-9").keyId("k1").build());
        // Only Bob returns: handed over to NEW, under k2.
        Instant rotatedAt = T0.plusSeconds(100);
        rekeys.pipeInput(OLD, new Rekey(OLD, "k1", NEW, "k2", rotatedAt), rotatedAt);
        pipe(event(VIEW, rotatedAt.plusSeconds(1)).user(NEW).item("book-10").keyId("k2").previousUser(OLD).build());
        byte[] bobProfile = outputs.profileStore().get(NEW);
        outputs.readRecords();

        driver.advanceWallClockTime(SWEEP);

        assertThat(outputs.readRecords()).containsExactly(new TestRecord<>(ALICE, null, START.plus(SWEEP)));
        assertThat(outputs.profileStore().get(ALICE)).isNull();
        assertThat(outputs.keyStore().get(ALICE)).isNull();
        assertThat(activityStore().get(ALICE)).isNull();
        assertThat(outputs.profileStore().get(NEW)).isEqualTo(bobProfile);
        assertThat(outputs.stored(NEW).recentItems()).containsExactly("book-10", "book-9");
        // The adopted profile's latest event (T0) under k2; Bob's next event a minute later does not rewrite it.
        assertThat(activityStore().get(NEW)).isEqualTo(new ProfileActivity(T0.toEpochMilli(), "k2"));
        assertThat(activityStore().get(OLD)).isNull();
    }

    @Test
    void shouldKeepTheActivityInAPersistentStore() {
        assertThat(activityStore().persistent()).isTrue();
    }
}
