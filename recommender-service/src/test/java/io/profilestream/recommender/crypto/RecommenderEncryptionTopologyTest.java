package io.profilestream.recommender.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.model.config.KafkaProperties;
import io.profilestream.model.config.StreamsProperties;
import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.impression.Impression;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.streams.StreamsConfigFactory;
import io.profilestream.model.topic.Topics;
import io.profilestream.recommender.RecommenderTopology;
import io.profilestream.recommender.api.ProfileVault;
import io.profilestream.recommender.catalogue.CatalogueIndex;
import io.profilestream.recommender.config.RecommenderSettings;
import io.profilestream.recommender.impressions.ShownItems;
import io.profilestream.recommender.metrics.RecommenderMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encryption at rest through the real recommender topology: profiles open only with their user's
 * key, and shown items are stored (and changelogged) only sealed, only for users with a key.
 */
class RecommenderEncryptionTopologyTest {

    static final Instant T0 = Instant.parse("2025-04-01T00:00:00Z");
    static final String IMPRESSIONS_CHANGELOG = "recommender-service-impressions-changelog";

    @TempDir
    Path stateDir;

    final SealedFixture sealed = new SealedFixture();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final ProfileVault vault = new ProfileVault(SealedFixture.CIPHER, new RecommenderMetrics(registry));
    TopologyTestDriver driver;
    SealedFixture.Publisher updater;
    TestInputTopic<String, Impression> impressions;

    @BeforeEach
    void startDriver() {
        Properties props = StreamsConfigFactory.create(new KafkaProperties("unused:9092", Map.of()),
                new StreamsProperties("recommender-service", stateDir.toString(), 1, "at_least_once", (short) 1,
                        Duration.ofMillis(100), 8, ""));
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        driver = new TopologyTestDriver(RecommenderTopology.build(RecommenderSettings.defaults(),
                new CatalogueIndex(Duration.ofDays(1)), SealedFixture.CIPHER), props);
        updater = sealed.publisher(driver);
        impressions = driver.createInputTopic(Topics.IMPRESSIONS.name(), Topics.IMPRESSIONS.keySerde().serializer(),
                Topics.IMPRESSIONS.valueSerde().serializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    static UserProfile profile(String userKey) {
        return new UserProfile(userKey, 1, Map.of(), null, null, null, null, 1, "s1", List.of("item-bought"),
                List.of(), T0, T0);
    }

    KeyValueStore<String, byte[]> store(String name) {
        return driver.getKeyValueStore(name);
    }

    Optional<UserProfile> served(String userKey) {
        return vault.profile(userKey, store(RecommenderTopology.PROFILES_STORE), store(RecommenderTopology.USER_KEYS_STORE));
    }

    ShownItems shown(String userKey) {
        return vault.shownItems(userKey, store(RecommenderTopology.IMPRESSIONS_STORE),
                store(RecommenderTopology.USER_KEYS_STORE));
    }

    double unreadable(String data, String reason) {
        return registry.get(RecommenderMetrics.UNREADABLE).tag("data", data).tag("reason", reason).counter().count();
    }

    double streamsMetric(String name) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name))
                .mapToDouble(e -> (Double) e.getValue().metricValue())
                .sum();
    }

    void serve(String userKey, Instant at, String... items) {
        impressions.pipeInput(userKey, new Impression(userKey, at, "popular", null, List.of(items)), at);
    }

    static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
    }

    @Test
    void shouldServeAProfileWhoseKeyHasNotArrivedAsUnknown() {
        updater.profile(profile("u1"), T0);

        assertThat(served("u1")).isEmpty();
        assertThat(unreadable("profile", "no-key")).isEqualTo(1.0);

        updater.key("u1", T0.plusMillis(1));
        assertThat(served("u1")).contains(profile("u1"));
        assertThat(unreadable("profile", "no-key")).isEqualTo(1.0);
    }

    @Test
    void shouldStopServingAProfileOnceItsKeyIsTombstonedThoughTheSealedProfileIsStillStored() {
        byte[] sealedProfile = updater.keyAndProfile(profile("u1"), T0);
        assertThat(served("u1")).contains(profile("u1"));

        updater.destroyKey("u1", T0.plusSeconds(1));

        assertThat(store(RecommenderTopology.PROFILES_STORE).get("u1")).isEqualTo(sealedProfile);
        assertThat(store(RecommenderTopology.USER_KEYS_STORE).get("u1")).isNull();
        assertThat(served("u1")).isEmpty();
        assertThat(unreadable("profile", "no-key")).isEqualTo(1.0);
    }

    @Test
    void shouldNotServeAProfileWhoseKeyIsWrappedUnderAnotherMasterKey() {
        byte[] otherMaster = new byte[32];
        otherMaster[0] = 1;
        UserDataCipher other = new UserDataCipher("m1", otherMaster);
        byte[] key = other.newWrappedKey("u1");
        driver.createInputTopic(Topics.USER_KEYS.name(), Topics.USER_KEYS.keySerde().serializer(),
                Topics.USER_KEYS.valueSerde().serializer()).pipeInput("u1", key, T0);
        driver.createInputTopic(Topics.PROFILES.name(), Topics.PROFILES.keySerde().serializer(),
                Topics.PROFILES.valueSerde().serializer()).pipeInput("u1", other.sealJson("u1", key, profile("u1")), T0);

        assertThat(served("u1")).isEmpty();
        assertThat(unreadable("profile", "undecryptable")).isEqualTo(1.0);
        assertThat(unreadable("profile", "no-key")).isEqualTo(0.0);
    }

    @Test
    void shouldStoreImpressionsSealedAndOnlyForUsersWithAKey() {
        updater.key("u1", T0);

        serve("u1", T0, "item-a", "item-b");
        serve("u2", T0, "item-c");

        byte[] stored = store(RecommenderTopology.IMPRESSIONS_STORE).get("u1");
        assertThat(contains(stored, "item-a")).isFalse();
        assertThat(contains(stored, "counts")).isFalse();
        assertThat(sealed.open("u1", stored, ShownItems.class).counts())
                .containsExactly(Map.entry("item-a", 1), Map.entry("item-b", 1));
        assertThat(shown("u1").counts()).containsExactly(Map.entry("item-a", 1), Map.entry("item-b", 1));
        assertThat(store(RecommenderTopology.IMPRESSIONS_STORE).get("u2")).isNull();
        assertThat(streamsMetric("impressions-without-key-total")).isEqualTo(1.0);
    }

    @Test
    void shouldWriteOnlyCiphertextToTheImpressionsChangelogAndNoChangelogForKeysOrProfiles() {
        updater.keyAndProfile(profile("u1"), T0);
        serve("u1", T0, "item-a");

        var changelog = driver.createOutputTopic(IMPRESSIONS_CHANGELOG, new StringDeserializer(),
                new ByteArrayDeserializer()).readKeyValuesToList();
        assertThat(changelog).hasSize(1);
        assertThat(changelog.get(0).key).isEqualTo("u1");
        assertThat(contains(changelog.get(0).value, "item-a")).isFalse();
        assertThat(sealed.open("u1", changelog.get(0).value, ShownItems.class).counts())
                .containsExactly(Map.entry("item-a", 1));
        // Source-topic reuse: a destroyed key lingers in no changelog of ours.
        assertThat(driver.producedTopicNames()).contains(IMPRESSIONS_CHANGELOG)
                .doesNotContain("recommender-service-user-keys-changelog", "recommender-service-profiles-changelog");
    }

    @Test
    void shouldReadNoShownItemsAndStoreNoMoreOnceTheKeyIsDestroyed() {
        updater.key("u1", T0);
        serve("u1", T0, "item-a");

        updater.destroyKey("u1", T0.plusSeconds(1));
        assertThat(shown("u1")).isEqualTo(ShownItems.none());
        assertThat(unreadable("shown-items", "no-key")).isEqualTo(1.0);

        serve("u1", T0.plusSeconds(2), "item-b");
        // The entry sealed under the destroyed key is deleted, and nothing new is stored.
        assertThat(store(RecommenderTopology.IMPRESSIONS_STORE).get("u1")).isNull();
        assertThat(streamsMetric("impressions-without-key-total")).isEqualTo(1.0);
    }

    @Test
    void shouldStartShownItemsAfreshUnderANewKey() {
        updater.key("u1", T0);
        serve("u1", T0, "item-a");

        sealed.newKey("u1");
        updater.key("u1", T0.plusSeconds(1));
        serve("u1", T0.plusSeconds(2), "item-b");

        assertThat(shown("u1").counts()).containsExactly(Map.entry("item-b", 1));
        assertThat(streamsMetric("shown-items-undecryptable-total")).isEqualTo(1.0);
    }
}
