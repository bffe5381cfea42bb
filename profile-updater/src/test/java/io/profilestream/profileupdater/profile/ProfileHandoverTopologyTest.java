package io.profilestream.profileupdater.profile;

import static io.profilestream.model.event.EventType.PURCHASE;
import static io.profilestream.model.event.EventType.SEARCH;
import static io.profilestream.model.event.EventType.VIEW;
import static io.profilestream.profileupdater.profile.TestEvents.T0;
import static io.profilestream.profileupdater.profile.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.profilestream.model.erasure.ErasureCommand;
import io.profilestream.model.erasure.ErasureStatus;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.Consent;
import io.profilestream.model.event.EventType;
import io.profilestream.model.event.Rekey;
import io.profilestream.model.profile.ProfileHandover;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.topic.Topic;
import io.profilestream.model.topic.Topics;
import io.profilestream.profileupdater.neural.NeuralStep;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key rotation through the real topology: the profile kept under a user's old pseudonym is handed
 * over to the new one, and the user's events that arrive before it are held and then continue it.
 */
class ProfileHandoverTopologyTest {

    /** One user under the previous key ({@code OLD}) and the current one ({@code NEW}). */
    private static final String OLD = "0a".repeat(32);
    private static final String NEW = "1b".repeat(32);
    private static final Instant ROTATED_AT = T0.plusSeconds(100);
    private static final Instant NOW = T0.plusSeconds(500);
    private static final Rekey REKEY = new Rekey(OLD, "k1", NEW, "k2", ROTATED_AT);
    private static final String AWAITING_CHANGELOG = "profile-updater-awaiting-handover-changelog";
    private static final String HOLDING_KEYS_CHANGELOG = "profile-updater-holding-keys-changelog";

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, CleanEvent> cleanEvents;
    private TestInputTopic<String, Rekey> rekeys;
    private TestInputTopic<String, ErasureCommand> erasures;
    private TestOutputTopic<String, ProfileHandover> handovers;
    private SealedOutputs outputs;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "profile-updater");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        ProfileTopology.Deps deps = new ProfileTopology.Deps(ProfileSettings.defaults(), NeuralStep.disabled(),
                TestCipher.CIPHER, Clock.fixed(NOW, ZoneOffset.UTC));
        driver = new TopologyTestDriver(ProfileTopology.build(deps), props, NOW);
        cleanEvents = input(Topics.CLEAN_EVENTS);
        rekeys = input(Topics.REKEYS);
        erasures = input(Topics.ERASURES);
        handovers = driver.createOutputTopic(Topics.HANDOVERS.name(), Topics.HANDOVERS.keySerde().deserializer(),
                Topics.HANDOVERS.valueSerde().deserializer());
        outputs = new SealedOutputs(driver);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private <K, V> TestInputTopic<K, V> input(Topic<K, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private void pipe(CleanEvent event) {
        cleanEvents.pipeInput(event.userKey(), event, event.eventTime());
    }

    /** Two events profiled under the old key, before the rotation. */
    private UserProfile profileUnderTheOldKey() {
        pipe(event(VIEW, T0).user(OLD).session("s-old").item("phone-1").category("phones").build());
        pipe(event(PURCHASE, T0.plusSeconds(10)).user(OLD).session("s-old").item("phone-1").category("phones")
                .price("300.00", "EUR").build());
        return outputs.stored(OLD);
    }

    /** An event after the rotation: under the new pseudonym, marked with the old one. */
    private static CleanEvent afterRotation(EventType type, int secondsAfter, String item) {
        return event(type, ROTATED_AT.plusSeconds(secondsAfter)).user(NEW).session("s-new").item(item)
                .category("cases").previousUser(OLD).build();
    }

    private KeyValueStore<String, byte[]> awaitingStore() {
        return driver.getKeyValueStore(ProfileTopology.AWAITING_HANDOVER_STORE);
    }

    private KeyValueStore<String, byte[]> holdingKeysStore() {
        return driver.getKeyValueStore(ProfileTopology.HOLDING_KEYS_STORE);
    }

    /** The records of {@code user} on a changelog not read yet, in order (tombstones as null values). */
    private List<KeyValue<String, byte[]>> changelogOf(String user, String changelog) {
        return outputs.rawTopic(changelog).readKeyValuesToList().stream().filter(kv -> kv.key.equals(user)).toList();
    }

    private KeyValueStore<String, Long> handedOverStore() {
        return driver.getKeyValueStore(ProfileTopology.HANDED_OVER_STORE);
    }

    @Test
    void shouldHandTheOldProfileOverToTheNewPseudonymUnderANewDataKey() {
        UserProfile old = profileUnderTheOldKey();
        byte[] oldKey = outputs.keyStore().get(OLD);
        outputs.readRecords();
        int keyRecords = outputs.keyRecords().size();

        rekeys.pipeInput(OLD, REKEY, ROTATED_AT);

        List<TestRecord<String, ProfileHandover>> sent = handovers.readRecordsToList();
        assertThat(sent).hasSize(1);
        TestRecord<String, ProfileHandover> handover = sent.get(0);
        assertThat(handover.key()).isEqualTo(NEW);
        assertThat(handover.getRecordTime()).isEqualTo(ROTATED_AT);
        assertThat(handover.value().newUserKey()).isEqualTo(NEW);
        assertThat(handover.value().oldKeyId()).isEqualTo("k1");
        assertThat(handover.value().handedOverAt()).isEqualTo(NOW);
        assertThat(handover.value().wrappedKey()).isNotEqualTo(oldKey);
        UserProfile moved = TestCipher.open(NEW, handover.value().wrappedKey(), handover.value().sealedProfile());
        assertThat(moved).isEqualTo(HandOverProcessor.withUserKey(old, NEW));
        assertThat(moved.userKey()).isEqualTo(NEW);
        assertThat(moved.eventCount()).isEqualTo(2);
        // The old key cannot open the copy: it is bound to the old pseudonym.
        assertThat(TestCipher.opens(NEW, oldKey, handover.value().sealedProfile())).isFalse();

        // Old pseudonym: gone from the stores, tombstoned on both topics; new one: adopted.
        assertThat(outputs.profileStore().get(OLD)).isNull();
        assertThat(outputs.keyStore().get(OLD)).isNull();
        assertThat(outputs.readProfiles()).containsExactly(KeyValue.pair(OLD, null), KeyValue.pair(NEW, moved));
        List<TestRecord<String, byte[]>> newKeyRecords = outputs.keyRecords().subList(keyRecords, keyRecords + 2);
        assertThat(newKeyRecords).extracting(TestRecord::key).containsExactly(OLD, NEW);
        assertThat(newKeyRecords.get(0).value()).isNull();
        assertThat(newKeyRecords.get(1).value()).isEqualTo(handover.value().wrappedKey());
        assertThat(outputs.stored(NEW)).isEqualTo(moved);
        assertThat(handedOverStore().get(NEW)).isEqualTo(NOW.toEpochMilli());
    }

    @Test
    void shouldHoldEventsThatArriveBeforeTheHandoverAndContinueTheOldProfileWithThem() {
        profileUnderTheOldKey();
        outputs.readRecords();

        pipe(afterRotation(VIEW, 1, "case-1"));
        pipe(afterRotation(PURCHASE, 2, "case-1"));

        assertThat(outputs.profileStore().get(NEW)).isNull();
        assertThat(outputs.profilesTopic().isEmpty()).isTrue();
        assertThat(new HandoverBuffer(awaitingStore(), holdingKeysStore(), TestCipher.CIPHER).size(NEW)).isEqualTo(2);

        rekeys.pipeInput(OLD, REKEY, ROTATED_AT.plusSeconds(3));

        UserProfile continued = outputs.stored(NEW);
        assertThat(continued.userKey()).isEqualTo(NEW);
        assertThat(continued.eventCount()).isEqualTo(4);
        assertThat(continued.counts()).isEqualTo(Map.of(VIEW, 2L, PURCHASE, 2L));
        assertThat(continued.recentItems()).containsExactly("case-1", "phone-1");
        assertThat(continued.purchasedItems()).containsExactly("case-1", "phone-1");
        assertThat(continued.firstEventTime()).isEqualTo(T0);
        assertThat(continued.lastEventTime()).isEqualTo(ROTATED_AT.plusSeconds(2));
        assertThat(continued.categoryAffinity().scores().keySet()).containsExactlyInAnyOrder("phones", "cases");
        // Adopted profile (2 events), then one profile per held event, in order.
        assertThat(outputs.readProfiles()).extracting(kv -> kv.key, kv -> kv.value == null ? null : kv.value.eventCount())
                .containsExactly(tuple(OLD, null), tuple(NEW, 2L),
                        tuple(NEW, 3L), tuple(NEW, 4L));
        assertThat(awaitingStore().get(NEW)).isNull();
    }

    @Test
    void shouldKeepTheHeldEventsOnlySealedInTheStoreAndItsChangelogAndDestroyTheirKeyOnRelease() {
        profileUnderTheOldKey();
        pipe(event(SEARCH, ROTATED_AT.plusSeconds(1)).user(NEW).session("s-new").query("maternity jeans")
                .previousUser(OLD).build());
        pipe(afterRotation(VIEW, 2, "case-secret-77"));

        byte[] stored = awaitingStore().get(NEW);
        List<KeyValue<String, byte[]>> logged = changelogOf(NEW, AWAITING_CHANGELOG);
        assertThat(logged).hasSize(2);
        assertThat(logged.get(1).value).isEqualTo(stored);
        for (byte[] value : List.of(stored, logged.get(0).value)) {
            String raw = TestCipher.latin1(value);
            assertThat(raw).doesNotContain("maternity").doesNotContain("case-secret-77").doesNotContain("cases")
                    .doesNotContain(OLD).doesNotContain("s-new");
        }
        byte[] holdingKey = holdingKeysStore().get(NEW);
        assertThat(changelogOf(NEW, HOLDING_KEYS_CHANGELOG)).extracting(kv -> kv.value).containsExactly(holdingKey);
        // Never published: the holding key is not the profile's key.
        assertThat(outputs.keyRecords()).extracting(TestRecord::key).containsExactly(OLD);
        assertThat(TestCipher.CIPHER.openJson(NEW, holdingKey, stored, AwaitingEvents.class).events())
                .extracting(h -> h.event().query(), h -> h.event().itemId())
                .containsExactly(tuple("maternity jeans", null), tuple(null, "case-secret-77"));

        rekeys.pipeInput(OLD, REKEY, ROTATED_AT.plusSeconds(3));

        assertThat(outputs.stored(NEW).eventCount()).isEqualTo(4);
        assertThat(outputs.stored(NEW).recentItems()).containsExactly("case-secret-77", "phone-1");
        assertThat(awaitingStore().get(NEW)).isNull();
        assertThat(holdingKeysStore().get(NEW)).isNull();
        assertThat(changelogOf(NEW, AWAITING_CHANGELOG)).extracting(kv -> kv.value).containsExactly((byte[]) null);
        assertThat(changelogOf(NEW, HOLDING_KEYS_CHANGELOG)).extracting(kv -> kv.value).containsExactly((byte[]) null);
    }

    @Test
    void shouldApplyEventsThatArriveAfterTheHandoverDirectly() {
        profileUnderTheOldKey();
        rekeys.pipeInput(OLD, REKEY, ROTATED_AT);
        outputs.readRecords();

        pipe(afterRotation(VIEW, 5, "case-2"));

        assertThat(outputs.readProfiles()).extracting(kv -> kv.key, kv -> kv.value.eventCount())
                .containsExactly(tuple(NEW, 3L));
        assertThat(outputs.stored(NEW).recentItems()).containsExactly("case-2", "phone-1");
        assertThat(awaitingStore().get(NEW)).isNull();
    }

    @Test
    void shouldSendAnEmptyHandoverForAPseudonymWithNothingAndStartAFreshProfileFromTheHeldEvents() {
        pipe(afterRotation(VIEW, 1, "case-1"));
        pipe(afterRotation(VIEW, 2, "case-2"));
        assertThat(outputs.profilesTopic().isEmpty()).isTrue();

        rekeys.pipeInput(OLD, REKEY, ROTATED_AT.plusSeconds(3));

        List<TestRecord<String, ProfileHandover>> sent = handovers.readRecordsToList();
        assertThat(sent).extracting(TestRecord::key, r -> r.value().carriesProfile(), r -> r.value().wrappedKey(),
                        r -> r.value().sealedProfile(), r -> r.value().oldKeyId(), r -> r.value().handedOverAt())
                .containsExactly(tuple(NEW, false, null, null, "k1", NOW));
        // Nothing held under the old pseudonym: nothing to tombstone there.
        assertThat(outputs.readProfiles()).extracting(kv -> kv.key, kv -> kv.value.eventCount())
                .containsExactly(tuple(NEW, 1L), tuple(NEW, 2L));
        assertThat(outputs.keyRecords()).extracting(TestRecord::key).containsExactly(NEW);
        UserProfile fresh = outputs.stored(NEW);
        assertThat(fresh.eventCount()).isEqualTo(2);
        assertThat(fresh.recentItems()).containsExactly("case-2", "case-1");
        assertThat(fresh.firstEventTime()).isEqualTo(ROTATED_AT.plusSeconds(1));
    }

    @Test
    void shouldDeleteTheHeldEventsOnErasureAndNotAdoptAHandoverSentBeforeIt() {
        profileUnderTheOldKey();
        pipe(afterRotation(VIEW, 1, "case-1"));
        outputs.readRecords();
        Instant erasedAt = ROTATED_AT.plusSeconds(2);
        TestOutputTopic<String, ErasureStatus> statuses = driver.createOutputTopic(Topics.ERASURE_STATUS.name(),
                Topics.ERASURE_STATUS.keySerde().deserializer(), Topics.ERASURE_STATUS.valueSerde().deserializer());

        erasures.pipeInput(NEW, new ErasureCommand("req-9", NEW, "k2", erasedAt), erasedAt);

        assertThat(awaitingStore().get(NEW)).isNull();
        assertThat(statuses.readValuesToList()).extracting(ErasureStatus::detail)
                .containsExactly("no profile held (tombstone on profiles topic anyway); no data key held (tombstone on "
                        + "user keys topic anyway); events held for a key-rotation handover deleted");

        // The rekey left the filter before the erasure: its handover belongs to the erased past.
        rekeys.pipeInput(OLD, REKEY, ROTATED_AT.plusSeconds(1));

        assertThat(handovers.readValuesToList()).extracting(ProfileHandover::carriesProfile).containsExactly(true);
        assertThat(outputs.profileStore().get(NEW)).isNull();
        assertThat(outputs.keyStore().get(NEW)).isNull();
        assertThat(outputs.readProfiles()).containsExactly(KeyValue.pair(NEW, null), KeyValue.pair(OLD, null));
    }

    @Test
    void shouldTombstoneTheHeldEventsAndTheirHoldingKeyOnErasureSoOlderCopiesNoLongerOpen() {
        pipe(afterRotation(VIEW, 1, "case-1"));
        byte[] heldCopy = awaitingStore().get(NEW);
        assertThat(changelogOf(NEW, HOLDING_KEYS_CHANGELOG)).hasSize(1);
        assertThat(changelogOf(NEW, AWAITING_CHANGELOG)).hasSize(1);
        Instant erasedAt = ROTATED_AT.plusSeconds(2);

        erasures.pipeInput(NEW, new ErasureCommand("req-10", NEW, "k2", erasedAt), erasedAt);

        assertThat(awaitingStore().get(NEW)).isNull();
        assertThat(holdingKeysStore().get(NEW)).isNull();
        // The latest record of the user on both changelogs is a tombstone: compaction keeps no key.
        assertThat(changelogOf(NEW, AWAITING_CHANGELOG)).extracting(kv -> kv.value).containsExactly((byte[]) null);
        assertThat(changelogOf(NEW, HOLDING_KEYS_CHANGELOG)).extracting(kv -> kv.value).containsExactly((byte[]) null);
        // A copy of the held events read before the erasure finds no key to open it any more.
        assertThat(new HandoverBuffer(awaitingStore(), holdingKeysStore(), TestCipher.CIPHER).size(NEW)).isZero();
        awaitingStore().put(NEW, heldCopy);
        assertThat(new HandoverBuffer(awaitingStore(), holdingKeysStore(), TestCipher.CIPHER).release(NEW)).isEmpty();
    }

    @Test
    void shouldCarryAWithdrawalOfConsentOverToTheNewPseudonym() {
        pipe(event(VIEW, T0).user(OLD).item("phone-1").consent(Consent.WITHDRAWN).build());
        pipe(afterRotation(VIEW, 1, "case-1"));
        outputs.readRecords();

        rekeys.pipeInput(OLD, REKEY, ROTATED_AT.plusSeconds(2));

        assertThat(handovers.readValuesToList()).extracting(ProfileHandover::carriesProfile).containsExactly(false);
        KeyValueStore<String, Long> consent = driver.getKeyValueStore(ProfileTopology.CONSENT_STORE);
        assertThat(consent.get(NEW)).isEqualTo(T0.toEpochMilli());
        assertThat(consent.get(OLD)).isEqualTo(T0.toEpochMilli());
        // The held event is not profiled: the objection holds under the new pseudonym.
        assertThat(outputs.profileStore().get(NEW)).isNull();
        assertThat(outputs.profilesTopic().isEmpty()).isTrue();
        assertThat(awaitingStore().get(NEW)).isNull();
    }

    @Test
    void shouldPurgeHandedOverMarksAfterTheirTimeToLive() {
        rekeys.pipeInput(OLD, REKEY, ROTATED_AT);
        assertThat(handedOverStore().get(NEW)).isEqualTo(NOW.toEpochMilli());

        driver.advanceWallClockTime(Duration.ofDays(400));
        assertThat(handedOverStore().get(NEW)).isEqualTo(NOW.toEpochMilli());

        driver.advanceWallClockTime(Duration.ofHours(1));
        assertThat(handedOverStore().get(NEW)).isNull();
    }

    @Test
    void shouldKeepHeldEventsTheirKeysAndHandedOverMarksInPersistentStores() {
        assertThat(awaitingStore().persistent()).isTrue();
        assertThat(holdingKeysStore().persistent()).isTrue();
        assertThat(ProfileTopology.holdingKeysStore().loggingEnabled()).isTrue();
        assertThat(ProfileTopology.holdingKeysStore().logConfig()).isEqualTo(ProfileTopology.USER_KEYS_CHANGELOG_CONFIG);
        assertThat(handedOverStore().persistent()).isTrue();
    }
}
