package io.profilestream.recommender.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.config.KafkaProperties;
import io.profilestream.model.config.StreamsProperties;
import io.profilestream.model.erasure.ErasureCommand;
import io.profilestream.model.erasure.ErasureStatus;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.EventType;
import io.profilestream.model.impression.Impression;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.streams.StreamsConfigFactory;
import io.profilestream.model.topic.Topic;
import io.profilestream.model.topic.Topics;
import io.profilestream.recommender.RecommenderTopology;
import io.profilestream.recommender.cache.RankedList;
import io.profilestream.recommender.cache.RankedListCache;
import io.profilestream.recommender.cache.RankedLists;
import io.profilestream.recommender.catalogue.CatalogueIndex;
import io.profilestream.recommender.config.RecommenderSettings;
import io.profilestream.recommender.crypto.SealedFixture;
import io.profilestream.recommender.demand.DemandTopology;
import io.profilestream.recommender.impressions.ShownItems;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Right to erasure through the real recommender topology: impressions, profile copy, confirmation. */
class RecommenderErasureTopologyTest {

    static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");
    static final Instant REQUESTED = T0.plusSeconds(60);
    static final Instant CONFIRMED_AT = T0.plusSeconds(90);
    static final ErasureCommand ERASE_U1 = new ErasureCommand("req-1", "u1", "k1", REQUESTED);

    @TempDir
    Path stateDir;
    @TempDir
    Path models;

    /** The request path's cache, on a ticker that never moves: entries leave only by invalidation. */
    final RankedListCache rankings = new RankedListCache(10, Duration.ofSeconds(30), Duration.ofMinutes(10), 100, () -> 0L, () -> 0.0);
    final Topology topology = RecommenderTopology.build(RecommenderSettings.defaults(), new CatalogueIndex(Duration.ofDays(1)),
            SealedFixture.CIPHER, Clock.fixed(CONFIRMED_AT, ZoneOffset.UTC), rankings);
    final SealedFixture sealed = new SealedFixture();
    TopologyTestDriver driver;
    SealedFixture.Publisher updater;
    TestInputTopic<String, Impression> impressions;
    TestInputTopic<String, ErasureCommand> erasures;
    TestOutputTopic<String, ErasureStatus> statuses;

    @BeforeEach
    void startDriver() {
        Properties props = StreamsConfigFactory.create(new KafkaProperties("unused:9092", Map.of()),
                new StreamsProperties("recommender-service", stateDir.toString(), 1, "at_least_once", (short) 1,
                        Duration.ofMillis(100), 8, ""));
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        // The wall clock starts at the erasure, so punctuation times are exact.
        driver = new TopologyTestDriver(topology, props, REQUESTED);
        updater = sealed.publisher(driver);
        impressions = input(Topics.IMPRESSIONS);
        erasures = input(Topics.ERASURES);
        statuses = driver.createOutputTopic(Topics.ERASURE_STATUS.name(), Topics.ERASURE_STATUS.keySerde().deserializer(),
                Topics.ERASURE_STATUS.valueSerde().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    <K, V> TestInputTopic<K, V> input(Topic<K, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    static UserProfile profileFirstSeenAt(String userKey, Instant first) {
        return new UserProfile(userKey, 1, Map.of(), null, null, null, null, 1, "s1", List.of("a"), List.of(), first, first);
    }

    void serve(String userKey, Instant at, String... items) {
        impressions.pipeInput(userKey, new Impression(userKey, at, "popular", null, List.of(items)), at);
    }

    KeyValueStore<String, byte[]> impressionStore() {
        return driver.getKeyValueStore(RecommenderTopology.IMPRESSIONS_STORE);
    }

    ShownItems shown(String userKey) {
        return sealed.open(userKey, impressionStore().get(userKey), ShownItems.class);
    }

    ErasureCommand pendingCommand() {
        return driver.<String, ErasureCommand>getKeyValueStore(RecommenderTopology.ERASURES_PENDING_STORE).get("u1");
    }

    static ErasureStatus completed(String detail) {
        return new ErasureStatus("req-1", "u1", "recommender-service", ErasureStatus.State.COMPLETED, REQUESTED,
                CONFIRMED_AT, detail);
    }

    @Test
    void shouldEraseImpressionsAndConfirmAtOnceWhenNoProfileIsHeld() {
        updater.key("u1", T0);
        updater.key("u2", T0);
        serve("u1", T0, "a", "b");
        serve("u2", T0, "a");

        erasures.pipeInput("u1", ERASE_U1, REQUESTED);

        assertThat(impressionStore().get("u1")).isNull();
        assertThat(shown("u2").counts()).containsExactly(Map.entry("a", 1));
        assertThat(driver.<String, Long>getKeyValueStore(RecommenderTopology.ERASED_STORE).get("u1"))
                .isEqualTo(REQUESTED.toEpochMilli());
        assertThat(statuses.readRecordsToList()).containsExactly(new TestRecord<>("u1/recommender-service",
                completed("impressions deleted; no profile copy held"), REQUESTED));
    }

    @Test
    void shouldDeleteTheUsersDemandContributionsOnTheErasureCommand() {
        TestInputTopic<String, CleanEvent> events = input(Topics.CLEAN_EVENTS);
        for (String user : List.of("u1", "u2")) {
            events.pipeInput(user, new CleanEvent(1, "e-" + user, user, "k1", "s1", EventType.VIEW, "item-1", "shoes",
                    null, null, null, null, null, null, null, T0), T0);
            events.pipeInput(user, new CleanEvent(1, "p-" + user, user, "k1", "s1", EventType.PURCHASE, "item-1", "shoes",
                    null, null, null, 2, null, null, null, T0.plusSeconds(1)), T0.plusSeconds(1));
        }
        WindowStore<String, Integer> contributions = driver.getWindowStore(DemandTopology.CAP_STORE);
        long hour = T0.toEpochMilli();
        assertThat(contributions.fetch("u1/views", hour)).isEqualTo(1);
        assertThat(contributions.fetch("u1/units", hour)).isEqualTo(2);

        erasures.pipeInput("u1", ERASE_U1, REQUESTED);

        assertThat(contributions.fetch("u1/views", hour)).isNull();
        assertThat(contributions.fetch("u1/units", hour)).isNull();
        assertThat(contributions.fetch("u2/views", hour)).isEqualTo(1);
        assertThat(contributions.fetch("u2/units", hour)).isEqualTo(2);
    }

    boolean cached(String userKey, RankedList ranking) {
        return rankings.get(userKey, ranking.modelVersion(), profileFirstSeenAt(userKey, T0)).isPresent();
    }

    @Test
    void shouldForgetTheUsersCachedRankingOnTheErasureCommand() throws IOException {
        RankedList ranking = RankedLists.lstmRanking(models);
        rankings.put("u1", profileFirstSeenAt("u1", T0), ranking);
        rankings.put("u2", profileFirstSeenAt("u2", T0), ranking);

        erasures.pipeInput("u1", ERASE_U1, REQUESTED);

        assertThat(cached("u1", ranking)).isFalse();
        assertThat(cached("u2", ranking)).isTrue();
        assertThat(rankings.size()).isEqualTo(1);
    }

    @Test
    void shouldForgetARankingCachedFromTheOldProfileCopyAgainOnConfirming() throws IOException {
        RankedList ranking = RankedLists.lstmRanking(models);
        updater.keyAndProfile(profileFirstSeenAt("u1", T0), T0);
        rankings.put("u1", profileFirstSeenAt("u1", T0), ranking);
        erasures.pipeInput("u1", ERASE_U1, REQUESTED);
        assertThat(cached("u1", ranking)).isFalse();

        // A request served from the profile copy still held while the erasure waits.
        rankings.put("u1", profileFirstSeenAt("u1", T0), ranking);
        updater.deleteProfile("u1", REQUESTED.plusSeconds(1));
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        assertThat(statuses.readValuesToList()).extracting(ErasureStatus::detail)
                .containsExactly("impressions deleted; profile copy gone (tombstone applied)");
        assertThat(cached("u1", ranking)).isFalse();
    }

    @Test
    void shouldWaitForTheProfileTombstoneBeforeConfirming() {
        updater.keyAndProfile(profileFirstSeenAt("u1", T0), T0);
        serve("u1", T0, "a");

        erasures.pipeInput("u1", ERASE_U1, REQUESTED);
        driver.advanceWallClockTime(Duration.ofSeconds(2));

        assertThat(impressionStore().get("u1")).isNull();
        assertThat(statuses.isEmpty()).isTrue();
        assertThat(pendingCommand()).isEqualTo(ERASE_U1);

        updater.deleteProfile("u1", REQUESTED.plusSeconds(1));
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        assertThat(statuses.readRecordsToList()).containsExactly(new TestRecord<>("u1/recommender-service",
                completed("impressions deleted; profile copy gone (tombstone applied)"), REQUESTED.plusSeconds(3)));
        assertThat(pendingCommand()).isNull();
        assertThat(driver.getKeyValueStore(RecommenderTopology.PROFILES_STORE).get("u1")).isNull();
    }

    @Test
    void shouldConfirmOnceTheKeyIsDestroyedEvenBeforeTheProfileTombstone() {
        byte[] sealedProfile = updater.keyAndProfile(profileFirstSeenAt("u1", T0), T0);
        serve("u1", T0, "a");
        erasures.pipeInput("u1", ERASE_U1, REQUESTED);
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(statuses.isEmpty()).isTrue();

        updater.destroyKey("u1", REQUESTED.plusSeconds(1));
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        assertThat(statuses.readRecordsToList()).containsExactly(new TestRecord<>("u1/recommender-service",
                completed("impressions deleted; profile copy unreadable (data key destroyed)"),
                REQUESTED.plusSeconds(2)));
        assertThat(pendingCommand()).isNull();
        // Still stored, but nothing can open it any more.
        assertThat(driver.<String, byte[]>getKeyValueStore(RecommenderTopology.PROFILES_STORE).get("u1"))
                .isEqualTo(sealedProfile);

        updater.deleteProfile("u1", REQUESTED.plusSeconds(2));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(statuses.isEmpty()).isTrue();
    }

    @Test
    void shouldConfirmAtOnceWhenTheKeyWasDestroyedBeforeTheCommandArrived() {
        updater.keyAndProfile(profileFirstSeenAt("u1", T0), T0);
        updater.destroyKey("u1", REQUESTED.minusSeconds(1));

        erasures.pipeInput("u1", ERASE_U1, REQUESTED);

        assertThat(statuses.readRecordsToList()).containsExactly(new TestRecord<>("u1/recommender-service",
                completed("impressions deleted; profile copy unreadable (data key destroyed)"), REQUESTED));
        assertThat(pendingCommand()).isNull();
    }

    @Test
    void shouldConfirmWhenTheTombstoneIsFollowedAtOnceByAFreshProfile() {
        updater.keyAndProfile(profileFirstSeenAt("u1", T0), T0);
        erasures.pipeInput("u1", ERASE_U1, REQUESTED);

        // As the profile-updater does it: old key and profile gone, a new key for the fresh profile.
        updater.destroyKey("u1", REQUESTED.plusSeconds(1));
        updater.deleteProfile("u1", REQUESTED.plusSeconds(1));
        sealed.newKey("u1");
        updater.keyAndProfile(profileFirstSeenAt("u1", REQUESTED.plusSeconds(1)), REQUESTED.plusSeconds(1));
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        assertThat(statuses.readValuesToList()).extracting(ErasureStatus::detail)
                .containsExactly("impressions deleted; profile copy gone (tombstone applied)");
    }

    @Test
    void shouldDropImpressionsInFlightFromBeforeTheErasure() {
        updater.key("u1", T0);
        erasures.pipeInput("u1", ERASE_U1, REQUESTED);

        serve("u1", REQUESTED.minusSeconds(1), "a");
        assertThat(impressionStore().get("u1")).isNull();

        serve("u1", REQUESTED.plusSeconds(1), "b");
        assertThat(shown("u1").counts()).containsExactly(Map.entry("b", 1));
    }

    @Test
    void shouldPurgeErasureMarkersOnceTheImpressionsTopicNoLongerHoldsTheUsersLists() {
        erasures.pipeInput("u1", ERASE_U1, REQUESTED);

        driver.advanceWallClockTime(Duration.ofDays(7));
        assertThat(driver.<String, Long>getKeyValueStore(RecommenderTopology.ERASED_STORE).get("u1"))
                .isEqualTo(REQUESTED.toEpochMilli());

        driver.advanceWallClockTime(Duration.ofHours(1));
        assertThat(driver.<String, Long>getKeyValueStore(RecommenderTopology.ERASED_STORE).get("u1")).isNull();
    }

    @Test
    void shouldHandleErasuresInTheTaskThatHoldsProfilesAndImpressions() {
        TopologyDescription.Subtopology withErasures = topology.describe().subtopologies().stream()
                .filter(sub -> sub.nodes().stream().anyMatch(n -> n.name().equals(RecommenderTopology.ERASE_USER)))
                .findFirst().orElseThrow();

        assertThat(withErasures.nodes()).extracting(TopologyDescription.Node::name)
                .contains(RecommenderTopology.PROFILES_SOURCE, RecommenderTopology.USER_KEYS_SOURCE,
                        RecommenderTopology.IMPRESSIONS_SOURCE,
                        RecommenderTopology.ERASURES_SOURCE, "erase-user", RecommenderTopology.ERASURE_STATUS_SINK);
        assertThat(driver.getKeyValueStore(RecommenderTopology.ERASED_STORE).persistent()).isTrue();
        assertThat(driver.getKeyValueStore(RecommenderTopology.ERASURES_PENDING_STORE).persistent()).isTrue();
    }
}
