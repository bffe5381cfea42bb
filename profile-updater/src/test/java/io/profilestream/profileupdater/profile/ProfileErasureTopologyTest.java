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
import io.profilestream.model.erasure.ErasureStatus;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.Consent;
import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.PriceBand;
import io.profilestream.model.profile.Rfm;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.topic.Topic;
import io.profilestream.model.topic.Topics;
import io.profilestream.profileupdater.neural.NeuralStep;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Right to erasure through the real topology: stores, tombstones, confirmation and in-flight events. */
class ProfileErasureTopologyTest {

    private static final Instant ERASED_AT = T0.plusSeconds(60);
    private static final Instant CONFIRMED_AT = T0.plusSeconds(61);
    private static final ErasureCommand ERASE_ALICE = new ErasureCommand("req-1", ALICE, "k1", ERASED_AT);
    private static final String PROFILES_CHANGELOG = "profile-updater-profiles-changelog";
    private static final String KEYS_CHANGELOG = "profile-updater-user-keys-changelog";
    private static final String ACTIVITY_CHANGELOG = "profile-updater-profile-activity-changelog";

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, CleanEvent> cleanEvents;
    private TestInputTopic<String, ErasureCommand> erasures;
    private SealedOutputs outputs;
    private TestOutputTopic<String, ErasureStatus> statuses;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "profile-updater");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        ProfileTopology.Deps deps = new ProfileTopology.Deps(ProfileSettings.defaults(), NeuralStep.disabled(),
                TestCipher.CIPHER, Clock.fixed(CONFIRMED_AT, ZoneOffset.UTC));
        // The wall clock starts at the erasure, so the marker purge is exact in time.
        driver = new TopologyTestDriver(ProfileTopology.build(deps), props, ERASED_AT);
        cleanEvents = input(Topics.CLEAN_EVENTS);
        erasures = input(Topics.ERASURES);
        outputs = new SealedOutputs(driver);
        statuses = output(Topics.ERASURE_STATUS);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private <K, V> TestInputTopic<K, V> input(Topic<K, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private <K, V> TestOutputTopic<K, V> output(Topic<K, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    /** Pipes an event whose record timestamp (ingest's receive time) is {@code receivedAt}. */
    private void pipe(CleanEvent event, Instant receivedAt) {
        cleanEvents.pipeInput(event.userKey(), event, receivedAt);
    }

    private void eraseAlice() {
        erasures.pipeInput(ALICE, ERASE_ALICE, ERASED_AT);
    }

    private KeyValueStore<String, byte[]> profileStore() {
        return outputs.profileStore();
    }

    /** The user keys topic's records of {@code user}, in order, tombstones as null. */
    private List<byte[]> publishedKeysOf(String user) {
        return outputs.keyRecords().stream().filter(r -> r.key().equals(user)).map(TestRecord::value).toList();
    }

    private static void assertLastIsTombstoneFor(String user, List<KeyValue<String, byte[]>> logged) {
        assertThat(logged.get(logged.size() - 1).key).isEqualTo(user);
        assertThat(logged.get(logged.size() - 1).value).isNull();
    }

    private KeyValueStore<String, Long> erasedStore() {
        return driver.getKeyValueStore(ProfileTopology.ERASED_STORE);
    }

    private double droppedAfterErasure() {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("dropped-after-erasure-total"))
                .mapToDouble(e -> (Double) e.getValue().metricValue())
                .sum();
    }

    @Test
    void shouldDeleteProfileDestroyTheDataKeyAndConfirmErasure() {
        pipe(event(VIEW, T0).session("sa1").item("phone-1").build(), T0);
        pipe(event(PURCHASE, T0).session("sa1").item("phone-1").build(), T0);
        pipe(event(VIEW, T0).user(BOB).session("sb1").item("book-9").build(), T0);
        UserProfile bob = outputs.stored(BOB);
        outputs.readRecords();
        int keyRecordsBefore = outputs.keyRecords().size();

        eraseAlice();

        assertThat(profileStore().get(ALICE)).isNull();
        assertThat(outputs.keyStore().get(ALICE)).isNull();
        assertThat(outputs.stored(BOB)).isEqualTo(bob);
        assertThat(erasedStore().get(ALICE)).isEqualTo(ERASED_AT.toEpochMilli());
        assertThat(outputs.readRecords()).containsExactly(new TestRecord<>(ALICE, null, ERASED_AT));
        List<TestRecord<String, byte[]>> keyRecords = outputs.keyRecords();
        assertThat(keyRecords).hasSize(keyRecordsBefore + 1);
        assertThat(keyRecords.get(keyRecordsBefore).key()).isEqualTo(ALICE);
        assertThat(keyRecords.get(keyRecordsBefore).value()).isNull();
        assertThat(keyRecords.get(keyRecordsBefore).getRecordTime()).isEqualTo(ERASED_AT);
        assertThat(statuses.readRecordsToList()).containsExactly(new TestRecord<>(ALICE + "/profile-updater",
                new ErasureStatus("req-1", ALICE, "profile-updater", ErasureStatus.State.COMPLETED, ERASED_AT, CONFIRMED_AT,
                        "profile deleted (tombstone on profiles topic and changelog); data key destroyed (crypto-shredding)"),
                ERASED_AT));
        assertLastIsTombstoneFor(ALICE, outputs.rawTopic(PROFILES_CHANGELOG).readKeyValuesToList());
        assertLastIsTombstoneFor(ALICE, outputs.rawTopic(KEYS_CHANGELOG).readKeyValuesToList());
        assertLastIsTombstoneFor(ALICE, outputs.rawTopic(ACTIVITY_CHANGELOG).readKeyValuesToList());
        assertThat(driver.getKeyValueStore(ProfileTopology.ACTIVITY_STORE).get(ALICE)).isNull();
    }

    @Test
    void shouldLeaveNothingThatOpensAProfileCopyReadBeforeTheErasure() {
        pipe(event(VIEW, T0).session("sa1").item("phone-1").category("phones").build(), T0);
        pipe(event(PURCHASE, T0).session("sa1").item("phone-1").category("phones").build(), T0);
        pipe(event(VIEW, T0).user(BOB).session("sb1").item("book-9").build(), T0);
        // Copies as a consumer, an uncompacted segment or a backup would still hold them.
        List<byte[]> copies = new ArrayList<>();
        outputs.profilesTopic().readKeyValuesToList().stream().filter(kv -> kv.key.equals(ALICE)).forEach(kv -> copies.add(kv.value));
        outputs.rawTopic(PROFILES_CHANGELOG).readKeyValuesToList().stream().filter(kv -> kv.key.equals(ALICE))
                .forEach(kv -> copies.add(kv.value));
        assertThat(copies).hasSize(4);
        byte[] shredded = outputs.keyStore().get(ALICE);
        assertThat(copies).allSatisfy(copy -> assertThat(TestCipher.opens(ALICE, shredded, copy)).isTrue());

        eraseAlice();

        assertThat(outputs.keyStore().get(ALICE)).isNull();
        // The only key ever published for Alice, then its tombstone: compaction keeps nothing of it.
        List<byte[]> published = publishedKeysOf(ALICE);
        assertThat(published).hasSize(2);
        assertThat(published.get(0)).isEqualTo(shredded);
        assertThat(published.get(1)).isNull();
        List<byte[]> leftOver = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = outputs.keyStore().all()) {
            all.forEachRemaining(kv -> leftOver.add(kv.value));
        }
        Map<String, byte[]> compactedTopic = new HashMap<>();
        outputs.keyRecords().forEach(r -> compactedTopic.put(r.key(), r.value()));
        compactedTopic.values().stream().filter(Objects::nonNull).forEach(leftOver::add);
        assertThat(compactedTopic).containsEntry(ALICE, null).containsKey(BOB);
        assertThat(leftOver).hasSize(2);
        for (byte[] copy : copies) {
            assertThat(leftOver).noneMatch(key -> TestCipher.opens(ALICE, key, copy));
        }
    }

    @Test
    void shouldKeepTheObjectionToProfilingOnErasure() {
        pipe(event(VIEW, T0).session("sa1").item("phone-1").consent(Consent.WITHDRAWN).build(), T0);
        assertThat(driver.<String, Long>getKeyValueStore(ProfileTopology.CONSENT_STORE).get(ALICE))
                .isEqualTo(T0.toEpochMilli());

        eraseAlice();

        assertThat(driver.<String, Long>getKeyValueStore(ProfileTopology.CONSENT_STORE).get(ALICE))
                .isEqualTo(T0.toEpochMilli());
        assertThat(statuses.readValuesToList()).extracting(ErasureStatus::detail)
                .containsExactly("no profile held (tombstone on profiles topic anyway); no data key held (tombstone on "
                        + "user keys topic anyway); objection to profiling kept");
    }

    @Test
    void shouldDropInFlightEventsProcessedAfterTheErasure() {
        pipe(event(VIEW, T0).session("sa1").item("phone-1").build(), T0);
        eraseAlice();
        outputs.readRecords();
        int keyRecords = outputs.keyRecords().size();

        // Received before the erasure; reaches the processor after it (another partition lagged).
        pipe(event(VIEW, T0.plusSeconds(30)).session("sa1").item("phone-2").build(), T0.plusSeconds(30));
        // Received after it, but stamped at the very instant of the erasure.
        pipe(event(VIEW, ERASED_AT).session("sa1").item("phone-3").build(), ERASED_AT.plusSeconds(1));

        assertThat(profileStore().get(ALICE)).isNull();
        assertThat(outputs.keyStore().get(ALICE)).isNull();
        assertThat(outputs.profilesTopic().isEmpty()).isTrue();
        assertThat(outputs.keyRecords()).hasSize(keyRecords);
        assertThat(droppedAfterErasure()).isEqualTo(2.0);
    }

    @Test
    void shouldBuildAFreshProfileFromEventsAfterTheErasure() {
        pipe(event(VIEW, T0).session("sa1").item("phone-1").category("phones").build(), T0);
        eraseAlice();
        outputs.readRecords();
        Instant after = ERASED_AT.plusMillis(1);

        pipe(event(VIEW, after).session("sa2").item("laptop-3").category("laptops").build(), after);

        UserProfile fresh = new UserProfile(ALICE, 1, Map.of(VIEW, 1L), new DecayedScores(after, Map.of("laptops", 1.0)),
                DecayedScores.empty(), PriceBand.empty(), Rfm.empty(), 1, "sa2", List.of("laptop-3"), List.of(), after, after);
        assertThat(outputs.readProfiles()).containsExactly(KeyValue.pair(ALICE, fresh));
        assertThat(outputs.stored(ALICE)).isEqualTo(fresh);
        // A fresh key: the erased one stays destroyed.
        List<byte[]> published = publishedKeysOf(ALICE);
        assertThat(published).hasSize(3);
        assertThat(published.get(1)).isNull();
        assertThat(published.get(2)).isEqualTo(outputs.keyStore().get(ALICE)).isNotEqualTo(published.get(0));
        assertThat(droppedAfterErasure()).isEqualTo(0.0);
    }

    @Test
    void shouldConfirmAndTombstoneAUserWithNoState() {
        eraseAlice();

        assertThat(outputs.readRecords()).containsExactly(new TestRecord<>(ALICE, null, ERASED_AT));
        assertThat(publishedKeysOf(ALICE)).containsExactly((byte[]) null);
        assertThat(statuses.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value.detail())
                .containsExactly(tuple(ALICE + "/profile-updater",
                        "no profile held (tombstone on profiles topic anyway); no data key held (tombstone on user keys "
                                + "topic anyway)"));
    }

    @Test
    void shouldPurgeErasureMarkersOnceTheCleanTopicNoLongerHoldsTheUsersEvents() {
        eraseAlice();

        driver.advanceWallClockTime(Duration.ofDays(7));
        assertThat(erasedStore().get(ALICE)).isEqualTo(ERASED_AT.toEpochMilli());

        driver.advanceWallClockTime(Duration.ofHours(1));
        assertThat(erasedStore().get(ALICE)).isNull();
    }

    @Test
    void shouldKeepErasureMarkersInAPersistentStore() {
        assertThat(erasedStore().persistent()).isTrue();
    }
}
