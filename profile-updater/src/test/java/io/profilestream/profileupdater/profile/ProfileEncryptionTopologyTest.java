package io.profilestream.profileupdater.profile;

import static io.profilestream.model.event.EventType.PURCHASE;
import static io.profilestream.model.event.EventType.SEARCH;
import static io.profilestream.model.event.EventType.VIEW;
import static io.profilestream.profileupdater.profile.TestEvents.ALICE;
import static io.profilestream.profileupdater.profile.TestEvents.BOB;
import static io.profilestream.profileupdater.profile.TestEvents.T0;
import static io.profilestream.profileupdater.profile.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.Consent;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.topic.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encryption at rest through the real topology: ciphertext only, one data key per user, key changelog. */
class ProfileEncryptionTopologyTest {

    private static final String PROFILES_CHANGELOG = "profile-updater-profiles-changelog";
    private static final String KEYS_CHANGELOG = "profile-updater-user-keys-changelog";
    /** Every string the events below carry that a profile keeps (or could keep) in plaintext. */
    private static final List<String> PLAINTEXT = List.of("phone-1", "laptop-3", "electronics.phone", "electronics.laptop",
            "acme", "session-a1", "book-9", "books", "eventCount", "recentItems", ALICE, BOB);

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, CleanEvent> cleanEvents;
    private SealedOutputs outputs;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "profile-updater");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ProfileTopology.build(
                ProfileTopology.Deps.explicitOnly(ProfileSettings.defaults(), TestCipher.CIPHER)), props);
        cleanEvents = driver.createInputTopic(Topics.CLEAN_EVENTS.name(),
                Topics.CLEAN_EVENTS.keySerde().serializer(), Topics.CLEAN_EVENTS.valueSerde().serializer());
        outputs = new SealedOutputs(driver);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void pipe(CleanEvent event) {
        cleanEvents.pipeInput(event.userKey(), event, event.eventTime());
    }

    private void pipeTwoShoppers() {
        pipe(event(VIEW, T0).session("session-a1").item("phone-1").category("electronics.phone").brand("acme")
                .price("100.00", "EUR").build());
        pipe(event(SEARCH, T0.plusSeconds(1)).user(BOB).query("crime").category("books").build());
        pipe(event(PURCHASE, T0.plusSeconds(2)).session("session-a1").item("phone-1").category("electronics.phone")
                .brand("acme").price("100.00", "EUR").build());
        pipe(event(VIEW, T0.plusSeconds(3)).user(BOB).item("book-9").category("books").build());
        pipe(event(VIEW, T0.plusSeconds(4)).session("session-a1").item("laptop-3").category("electronics.laptop").build());
    }

    private static void assertNoPlaintext(List<byte[]> values) {
        assertThat(values).isNotEmpty().allSatisfy(v -> assertThat(TestCipher.latin1(v)).doesNotContain(PLAINTEXT));
    }

    private static List<byte[]> values(List<KeyValue<String, byte[]>> records) {
        return records.stream().map(kv -> kv.value).toList();
    }

    @Test
    void shouldHoldNoPlaintextInTheStoresTheirChangelogsOrTheTopics() {
        pipeTwoShoppers();

        List<KeyValue<String, byte[]>> published = outputs.profilesTopic().readKeyValuesToList();
        assertThat(published).hasSize(5);
        assertNoPlaintext(values(published));
        assertNoPlaintext(values(outputs.rawTopic(PROFILES_CHANGELOG).readKeyValuesToList()));
        assertNoPlaintext(values(outputs.rawTopic(KEYS_CHANGELOG).readKeyValuesToList()));
        assertNoPlaintext(outputs.keyRecords().stream().map(TestRecord::value).toList());
        List<byte[]> stored = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> profiles = outputs.profileStore().all();
             KeyValueIterator<String, byte[]> keys = outputs.keyStore().all()) {
            profiles.forEachRemaining(kv -> stored.add(kv.value));
            keys.forEachRemaining(kv -> stored.add(kv.value));
        }
        assertThat(stored).hasSize(4);
        assertNoPlaintext(stored);
        // The same bytes do hold the profile for whoever has the key.
        UserProfile alice = TestCipher.open(ALICE, outputs.keyStore().get(ALICE), published.get(4).value);
        assertThat(alice.recentItems()).containsExactly("laptop-3", "phone-1");
        assertThat(alice.categoryAffinity().scores()).containsOnlyKeys("electronics.phone", "electronics.laptop");
    }

    @Test
    void shouldPublishExactlyOneKeyPerUserWithTheirFirstProfileAndReuseItAfterwards() {
        pipeTwoShoppers();

        List<TestRecord<String, byte[]>> keys = outputs.keyRecords();
        assertThat(keys).extracting(TestRecord::key, TestRecord::getRecordTime)
                .containsExactly(tuple(ALICE, T0),
                        tuple(BOB, T0.plusSeconds(1)));
        assertThat(keys.get(0).value()).isEqualTo(outputs.keyStore().get(ALICE));
        assertThat(keys.get(1).value()).isEqualTo(outputs.keyStore().get(BOB));
        // Every profile record of a user opens with that one key.
        List<TestRecord<String, byte[]>> profiles = outputs.profilesTopic().readRecordsToList();
        assertThat(profiles).extracting(TestRecord::key).containsExactly(ALICE, BOB, ALICE, BOB, ALICE);
        assertThat(profiles).extracting(TestRecord::getRecordTime).first().isEqualTo(T0);
        assertThat(profiles).allSatisfy(r -> assertThat(TestCipher.opens(r.key(),
                r.key().equals(ALICE) ? keys.get(0).value() : keys.get(1).value(), r.value())).isTrue());
    }

    @Test
    void shouldLogKeysAndTheirTombstonesToAnEagerlyCompactedChangelogForRestores() {
        pipe(event(VIEW, T0).item("phone-1").build());
        pipe(event(VIEW, T0.plusSeconds(1)).item("phone-2").build());
        byte[] first = outputs.keyStore().get(ALICE);
        Instant withdrawn = T0.plusSeconds(2);
        pipe(event(VIEW, withdrawn).consent(Consent.WITHDRAWN).build());
        pipe(event(VIEW, T0.plusSeconds(3)).item("phone-3").consent(Consent.GRANTED).build());

        List<KeyValue<String, byte[]>> logged = outputs.rawTopic(KEYS_CHANGELOG).readKeyValuesToList();
        assertThat(logged).extracting(kv -> kv.key).containsExactly(ALICE, ALICE, ALICE);
        assertThat(logged.get(0).value).isEqualTo(first);
        assertThat(logged.get(1).value).isNull();
        assertThat(logged.get(2).value).isEqualTo(outputs.keyStore().get(ALICE)).isNotEqualTo(first);
        assertThat(ProfileTopology.userKeysStore().loggingEnabled()).isTrue();
        assertThat(ProfileTopology.userKeysStore().logConfig()).isEqualTo(Map.of("segment.ms", "3600000",
                "min.cleanable.dirty.ratio", "0.01", "delete.retention.ms", "3600000"));
    }
}
