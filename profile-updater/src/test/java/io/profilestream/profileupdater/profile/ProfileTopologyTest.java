package io.profilestream.profileupdater.profile;

import static io.profilestream.model.event.EventType.PURCHASE;
import static io.profilestream.model.event.EventType.RATING;
import static io.profilestream.model.event.EventType.SEARCH;
import static io.profilestream.model.event.EventType.VIEW;
import static io.profilestream.profileupdater.profile.TestEvents.ALICE;
import static io.profilestream.profileupdater.profile.TestEvents.BOB;
import static io.profilestream.profileupdater.profile.TestEvents.T0;
import static io.profilestream.profileupdater.profile.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.Consent;
import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.PriceBand;
import io.profilestream.model.profile.Rfm;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.topic.Topics;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileTopologyTest {

    private static final String CHANGELOG = "profile-updater-profiles-changelog";
    private static final String KEYS_CHANGELOG = "profile-updater-user-keys-changelog";
    private static final Instant T7D = T0.plus(Duration.ofDays(7));

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

    /** Alice views then buys a phone, Bob searches and rates a book, Alice comes back a week later. */
    private void pipeInterleavedShoppers() {
        pipe(event(VIEW, T0).session("sa1").item("phone-1").category("electronics.phone").brand("acme")
                .price("100.00", "EUR").build());
        pipe(event(SEARCH, T0).user(BOB).session("sb1").query("crime novel").category("books").build());
        pipe(event(PURCHASE, T0).session("sa1").item("phone-1").category("electronics.phone").brand("acme")
                .price("100.00", "EUR").build());
        pipe(event(RATING, T0).user(BOB).session("sb1").item("book-9").category("books").brand("penguin").rating(5).build());
        pipe(event(VIEW, T7D).session("sa2").item("laptop-3").category("electronics.laptop").brand("acme")
                .price("100.00", "EUR").build());
    }

    private static final PriceBand HUNDRED_ONCE = new PriceBand(1, Math.log(100.0), 0.0);

    private static final UserProfile ALICE_1 = new UserProfile(ALICE, 1, Map.of(VIEW, 1L),
            new DecayedScores(T0, Map.of("electronics.phone", 1.0)), new DecayedScores(T0, Map.of("acme", 1.0)),
            HUNDRED_ONCE, Rfm.empty(), 1, "sa1", List.of("phone-1"), List.of(), T0, T0);
    private static final UserProfile BOB_1 = new UserProfile(BOB, 1, Map.of(SEARCH, 1L),
            new DecayedScores(T0, Map.of("books", 0.5)), DecayedScores.empty(),
            PriceBand.empty(), Rfm.empty(), 1, "sb1", List.of(), List.of(), T0, T0);
    private static final UserProfile ALICE_2 = new UserProfile(ALICE, 2, Map.of(VIEW, 1L, PURCHASE, 1L),
            new DecayedScores(T0, Map.of("electronics.phone", 6.0)), new DecayedScores(T0, Map.of("acme", 6.0)),
            new PriceBand(2, Math.log(100.0), 0.0), new Rfm(T0, 1, 1, Map.of("EUR", new BigDecimal("100.00"))),
            1, "sa1", List.of("phone-1"), List.of("phone-1"), T0, T0);
    private static final UserProfile BOB_2 = new UserProfile(BOB, 2, Map.of(SEARCH, 1L, RATING, 1L),
            new DecayedScores(T0, Map.of("books", 3.0)), new DecayedScores(T0, Map.of("penguin", 2.5)),
            PriceBand.empty(), Rfm.empty(), 1, "sb1", List.of("book-9"), List.of(), T0, T0);
    // A week is one half-life: the phone interest halves, the laptop view adds a full 1.0.
    private static final UserProfile ALICE_3 = new UserProfile(ALICE, 3, Map.of(VIEW, 2L, PURCHASE, 1L),
            new DecayedScores(T7D, Map.of("electronics.phone", 3.0, "electronics.laptop", 1.0)),
            new DecayedScores(T7D, Map.of("acme", 4.0)),
            new PriceBand(3, Math.log(100.0), 0.0), new Rfm(T0, 1, 1, Map.of("EUR", new BigDecimal("100.00"))),
            2, "sa2", List.of("laptop-3", "phone-1"), List.of("phone-1"), T0, T7D);

    private static final List<KeyValue<String, UserProfile>> EXPECTED_OUTPUTS = List.of(
            KeyValue.pair(ALICE, ALICE_1), KeyValue.pair(BOB, BOB_1), KeyValue.pair(ALICE, ALICE_2),
            KeyValue.pair(BOB, BOB_2), KeyValue.pair(ALICE, ALICE_3));

    @Test
    void shouldEmitTheExactNewProfileAfterEveryEventOfInterleavedUsers() {
        pipeInterleavedShoppers();

        assertThat(outputs.readProfiles()).containsExactlyElementsOf(EXPECTED_OUTPUTS);
    }

    @Test
    void shouldKeepTheLastEmittedProfileOfEachUserInTheStore() {
        pipeInterleavedShoppers();

        KeyValueStore<String, byte[]> store = outputs.profileStore();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            assertThat(all).toIterable()
                    .extracting(kv -> KeyValue.pair(kv.key, TestCipher.open(kv.key, outputs.keyStore().get(kv.key), kv.value)))
                    .containsExactlyInAnyOrder(KeyValue.pair(ALICE, ALICE_3), KeyValue.pair(BOB, BOB_2));
        }
        assertThat(outputs.readProfiles().stream().collect(Collectors.toMap(kv -> kv.key, kv -> kv.value,
                (older, newer) -> newer))).isEqualTo(Map.of(ALICE, ALICE_3, BOB, BOB_2));
    }

    @Test
    void shouldWriteEveryProfileToTheStoresChangelogSoARestartLosesNothing() {
        pipeInterleavedShoppers();

        assertThat(outputs.open(outputs.rawTopic(CHANGELOG).readKeyValuesToList())).containsExactlyElementsOf(EXPECTED_OUTPUTS);
    }

    @Test
    void shouldStampEachProfileWithItsEventsTimestamp() {
        pipeInterleavedShoppers();

        assertThat(outputs.profilesTopic().readRecordsToList()).extracting(r -> r.getRecordTime())
                .containsExactly(T0, T0, T0, T0, T7D);
    }

    @Test
    void shouldDeleteTheProfileAndItsKeyAndEmitTombstonesWhenConsentIsWithdrawn() {
        pipeInterleavedShoppers();
        outputs.readProfiles();
        int keysBefore = outputs.keyRecords().size();

        pipe(event(VIEW, T7D.plusSeconds(1)).session("sa2").item("phone-2").consent(Consent.WITHDRAWN).build());

        assertThat(outputs.readProfiles()).containsExactly(KeyValue.pair(ALICE, null));
        List<TestRecord<String, byte[]>> keys = outputs.keyRecords();
        assertThat(keys).hasSize(keysBefore + 1);
        assertThat(keys.get(keysBefore).key()).isEqualTo(ALICE);
        assertThat(keys.get(keysBefore).value()).isNull();
        assertThat(outputs.profileStore().get(ALICE)).isNull();
        assertThat(outputs.keyStore().get(ALICE)).isNull();
        assertThat(outputs.stored(BOB)).isEqualTo(BOB_2);
        List<KeyValue<String, byte[]>> logged = outputs.rawTopic(CHANGELOG).readKeyValuesToList();
        assertThat(logged.get(logged.size() - 1)).isEqualTo(KeyValue.pair(ALICE, null));
        List<KeyValue<String, byte[]>> keysLogged = outputs.rawTopic(KEYS_CHANGELOG).readKeyValuesToList();
        assertThat(keysLogged.get(keysLogged.size() - 1)).isEqualTo(KeyValue.pair(ALICE, null));
    }

    @Test
    void shouldSkipEventsOfAUserWhoWithdrewConsentUntilTheyGrantItAgain() {
        pipe(event(VIEW, T0).session("sa1").item("phone-1").build());
        pipe(event(VIEW, T0.plusSeconds(1)).session("sa1").item("phone-2").consent(Consent.WITHDRAWN).build());
        pipe(event(VIEW, T0.plusSeconds(2)).session("sa1").item("phone-3").build());
        pipe(event(PURCHASE, T0.plusSeconds(3)).session("sa1").item("phone-3").build());
        assertThat(driver.<String, Long>getKeyValueStore(ProfileTopology.CONSENT_STORE).get(ALICE))
                .isEqualTo(T0.plusSeconds(1).toEpochMilli());

        pipe(event(VIEW, T0.plusSeconds(4)).session("sa1").item("phone-4").consent(Consent.GRANTED).build());

        List<KeyValue<String, UserProfile>> out = outputs.readProfiles();
        assertThat(out).extracting(kv -> kv.value == null ? null : kv.value.eventCount())
                .containsExactly(1L, null, 1L);
        UserProfile fresh = out.get(2).value;
        assertThat(fresh.recentItems()).containsExactly("phone-4");
        assertThat(fresh.purchasedItems()).isEmpty();
        assertThat(driver.<String, Long>getKeyValueStore(ProfileTopology.CONSENT_STORE).get(ALICE)).isNull();
    }

    @Test
    void shouldKeepProfilesAndKeysInPersistentStores() {
        assertThat(driver.getKeyValueStore(ProfileTopology.PROFILE_STORE).persistent()).isTrue();
        assertThat(driver.getKeyValueStore(ProfileTopology.USER_KEYS_STORE).persistent()).isTrue();
        assertThat(driver.getKeyValueStore(ProfileTopology.ACTIVITY_STORE).persistent()).isTrue();
    }

    @Test
    void shouldWireSourceProcessorStoreAndSinkByTheirPublicNames() {
        TopologyDescription description = ProfileTopology.build(
                ProfileTopology.Deps.explicitOnly(ProfileSettings.defaults(), TestCipher.CIPHER)).describe();

        assertThat(description.subtopologies()).hasSize(1);
        TopologyDescription.Subtopology sub = description.subtopologies().iterator().next();
        // One sub-topology: erasures and clean events of a user meet in the same task and stores.
        assertThat(sub.nodes()).extracting(TopologyDescription.Node::name)
                .containsExactlyInAnyOrder(ProfileTopology.SOURCE, ProfileTopology.APPLY_EVENT, ProfileTopology.SINK,
                        ProfileTopology.USER_KEYS_SINK, ProfileTopology.ERASURES_SOURCE, ProfileTopology.ERASE_PROFILE,
                        ProfileTopology.ERASURE_STATUS_SINK, ProfileTopology.REKEYS_SOURCE, ProfileTopology.HAND_OVER,
                        ProfileTopology.HANDOVERS_SINK, ProfileTopology.HANDOVERS_SOURCE, ProfileTopology.ADOPT_PROFILE);
        TopologyDescription.Source source = (TopologyDescription.Source) sub.nodes().stream()
                .filter(n -> n.name().equals(ProfileTopology.SOURCE)).findFirst().orElseThrow();
        assertThat(source.topicSet()).containsExactly(Topics.CLEAN_EVENTS.name());
        TopologyDescription.Processor apply = (TopologyDescription.Processor) source.successors().iterator().next();
        assertThat(apply.name()).isEqualTo(ProfileTopology.APPLY_EVENT);
        assertThat(apply.stores()).containsExactlyInAnyOrder(ProfileTopology.PROFILE_STORE, ProfileTopology.USER_KEYS_STORE,
                ProfileTopology.ACTIVITY_STORE, ProfileTopology.CONSENT_STORE, ProfileTopology.ERASED_STORE,
                ProfileTopology.AWAITING_HANDOVER_STORE, ProfileTopology.HOLDING_KEYS_STORE,
                ProfileTopology.HANDED_OVER_STORE);
        assertThat(apply.successors()).extracting(n -> n.name() + " -> " + ((TopologyDescription.Sink) n).topic())
                .containsExactlyInAnyOrder(ProfileTopology.SINK + " -> " + Topics.PROFILES.name(),
                        ProfileTopology.USER_KEYS_SINK + " -> " + Topics.USER_KEYS.name());
        TopologyDescription.Source erasures = (TopologyDescription.Source) sub.nodes().stream()
                .filter(n -> n.name().equals(ProfileTopology.ERASURES_SOURCE)).findFirst().orElseThrow();
        assertThat(erasures.topicSet()).containsExactly(Topics.ERASURES.name());
        TopologyDescription.Processor erase = (TopologyDescription.Processor) erasures.successors().iterator().next();
        assertThat(erase.name()).isEqualTo("erase-profile");
        assertThat(erase.stores()).containsExactlyInAnyOrder(ProfileTopology.PROFILE_STORE, ProfileTopology.USER_KEYS_STORE,
                ProfileTopology.ACTIVITY_STORE, ProfileTopology.CONSENT_STORE, ProfileTopology.ERASED_STORE,
                ProfileTopology.AWAITING_HANDOVER_STORE, ProfileTopology.HOLDING_KEYS_STORE,
                ProfileTopology.HANDED_OVER_STORE);
        assertThat(erase.successors()).extracting(n -> ((TopologyDescription.Sink) n).topic())
                .containsExactlyInAnyOrder(Topics.PROFILES.name(), Topics.USER_KEYS.name(), Topics.ERASURE_STATUS.name());
        TopologyDescription.Processor handOver = processorAfter(sub, ProfileTopology.REKEYS_SOURCE, Topics.REKEYS.name());
        assertThat(handOver.name()).isEqualTo("hand-over");
        assertThat(handOver.stores()).containsExactlyInAnyOrder(ProfileTopology.PROFILE_STORE, ProfileTopology.USER_KEYS_STORE,
                ProfileTopology.ACTIVITY_STORE, ProfileTopology.CONSENT_STORE);
        assertThat(handOver.successors()).extracting(n -> ((TopologyDescription.Sink) n).topic())
                .containsExactlyInAnyOrder(Topics.PROFILES.name(), Topics.USER_KEYS.name(), Topics.HANDOVERS.name());
        TopologyDescription.Processor adopt = processorAfter(sub, ProfileTopology.HANDOVERS_SOURCE, Topics.HANDOVERS.name());
        assertThat(adopt.name()).isEqualTo("adopt-profile");
        assertThat(adopt.stores()).containsExactlyInAnyOrder(ProfileTopology.PROFILE_STORE, ProfileTopology.USER_KEYS_STORE,
                ProfileTopology.ACTIVITY_STORE, ProfileTopology.CONSENT_STORE, ProfileTopology.ERASED_STORE,
                ProfileTopology.AWAITING_HANDOVER_STORE, ProfileTopology.HOLDING_KEYS_STORE,
                ProfileTopology.HANDED_OVER_STORE);
        assertThat(adopt.successors()).extracting(n -> ((TopologyDescription.Sink) n).topic())
                .containsExactlyInAnyOrder(Topics.PROFILES.name(), Topics.USER_KEYS.name());
    }

    /** The one processor after the source node {@code source}, which must read exactly {@code topic}. */
    private static TopologyDescription.Processor processorAfter(TopologyDescription.Subtopology sub, String source,
                                                                String topic) {
        TopologyDescription.Source node = (TopologyDescription.Source) sub.nodes().stream()
                .filter(n -> n.name().equals(source)).findFirst().orElseThrow();
        assertThat(node.topicSet()).containsExactly(topic);
        assertThat(node.successors()).hasSize(1);
        return (TopologyDescription.Processor) node.successors().iterator().next();
    }
}
