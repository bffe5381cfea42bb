package io.profilestream.recommender;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.catalogue.CatalogueItem;
import io.profilestream.model.config.KafkaProperties;
import io.profilestream.model.config.StreamsProperties;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.EventType;
import io.profilestream.model.event.ItemUpdate;
import io.profilestream.model.impression.Impression;
import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.PriceBand;
import io.profilestream.model.profile.Rfm;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.streams.StreamsConfigFactory;
import io.profilestream.model.topic.Topic;
import io.profilestream.model.topic.Topics;
import io.profilestream.recommender.catalogue.CatalogueIndex;
import io.profilestream.recommender.config.RecommenderSettings;
import io.profilestream.recommender.crypto.SealedFixture;
import io.profilestream.recommender.impressions.ShownItems;
import io.profilestream.recommender.popularity.ItemStats;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecommenderTopologyTest {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    static final Duration DAY = Duration.ofDays(1);
    static final BigDecimal PRICE_I1 = new BigDecimal("100.00");
    static final BigDecimal PRICE_I2 = new BigDecimal("12.50");

    @TempDir
    Path stateDir;

    final CatalogueIndex index = new CatalogueIndex(DAY);
    final Topology topology = RecommenderTopology.build(RecommenderSettings.defaults(), index, SealedFixture.CIPHER);
    final SealedFixture sealed = new SealedFixture();
    TopologyTestDriver driver;
    TestInputTopic<String, CleanEvent> events;
    TestInputTopic<String, ItemUpdate> items;
    SealedFixture.Publisher updater;
    TestOutputTopic<String, CatalogueItem> catalogue;

    @BeforeEach
    void startDriver() {
        Properties props = StreamsConfigFactory.create(new KafkaProperties("unused:9092", Map.of()),
                new StreamsProperties("recommender-service", stateDir.toString(), 1, "at_least_once", (short) 1,
                        Duration.ofMillis(100), 8, ""));
        // Every update reaches the catalogue topic, so the expected output is exact.
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        driver = new TopologyTestDriver(topology, props);
        events = input(Topics.CLEAN_EVENTS);
        items = input(Topics.ITEMS);
        updater = sealed.publisher(driver);
        catalogue = driver.createOutputTopic(Topics.CATALOGUE.name(), Topics.CATALOGUE.keySerde().deserializer(),
                Topics.CATALOGUE.valueSerde().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    <K, V> TestInputTopic<K, V> input(Topic<K, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    void pipe(EventType type, String itemId, Instant at, String category, String brand, BigDecimal price) {
        CleanEvent event = new CleanEvent(1, "e-" + type + "-" + itemId + "-" + at, "u1", "k1", "s1", type, itemId,
                category, brand, price, price == null ? null : "EUR", null, type == EventType.SEARCH ? "phone" : null,
                null, null, at);
        events.pipeInput("u1", event, at);
    }

    static CatalogueItem i1(double popularity, Instant asOf, long views, long carts, long purchases) {
        return new CatalogueItem("i1", "phones", "acme", PRICE_I1, "EUR", true, popularity, asOf, views, carts, purchases);
    }

    static CatalogueItem i2(double popularity, Instant asOf, long views) {
        return new CatalogueItem("i2", "books", "penguin", PRICE_I2, "EUR", false, popularity, asOf, views, 0, 0);
    }

    void pipeScenario() {
        pipe(EventType.VIEW, "i1", T0, "phones", "acme", PRICE_I1);
        pipe(EventType.ADD_TO_CART, "i1", T0, "phones", "acme", PRICE_I1);
        pipe(EventType.SEARCH, null, T0, null, null, null);
        items.pipeInput("i2", new ItemUpdate("i2", "books", "penguin", PRICE_I2, "EUR", false, T0), T0);
        pipe(EventType.VIEW, "i2", T0, "from-events", null, null);
        pipe(EventType.PURCHASE, "i1", T0.plus(DAY), "phones", "acme", PRICE_I1);
    }

    @Test
    void shouldPublishOneExactCatalogueEntryPerChange() {
        pipeScenario();

        assertThat(catalogue.readKeyValuesToList()).containsExactly(
                KeyValue.pair("i1", i1(1.0, T0, 1, 0, 0)),
                KeyValue.pair("i1", i1(4.0, T0, 1, 1, 0)),
                KeyValue.pair("i2", i2(0.0, null, 0)),
                KeyValue.pair("i2", i2(1.0, T0, 1)),
                // (1 + 3) halved over one half-life, plus 5 for the purchase.
                KeyValue.pair("i1", i1(7.0, T0.plus(DAY), 1, 1, 1)));
    }

    @Test
    void shouldKeepItemStatsPerItem() {
        pipeScenario();

        KeyValueStore<String, ItemStats> stats = driver.getKeyValueStore(RecommenderTopology.ITEM_STATS_STORE);
        assertThat(stats.get("i1")).isEqualTo(new ItemStats("i1", 7.0, T0.plus(DAY),
                Map.of(EventType.VIEW, 1L, EventType.ADD_TO_CART, 1L, EventType.PURCHASE, 1L),
                "phones", "acme", PRICE_I1, "EUR", T0.plus(DAY)));
        assertThat(stats.get("i2")).isEqualTo(new ItemStats("i2", 1.0, T0, Map.of(EventType.VIEW, 1L),
                "from-events", null, null, null, T0));
    }

    @Test
    void shouldFeedTheGlobalStoreAndIndexFromTheCatalogueTopic() {
        pipeScenario();

        // Nothing is piped into the catalogue topic here: TopologyTestDriver (4.3) routes records
        // a sink writes to a global store's source topic into that global store by itself.
        KeyValueStore<String, CatalogueItem> store = driver.getKeyValueStore(RecommenderTopology.CATALOGUE_STORE);
        assertThat(store.get("i1")).isEqualTo(i1(7.0, T0.plus(DAY), 1, 1, 1));
        assertThat(store.get("i2")).isEqualTo(i2(1.0, T0, 1));
        assertThat(index.topPopular(10)).containsExactly(i1(7.0, T0.plus(DAY), 1, 1, 1), i2(1.0, T0, 1));
        assertThat(index.topPopular("books", 10)).containsExactly(i2(1.0, T0, 1));
        assertThat(index.topPopular("from-events", 10)).isEmpty();
    }

    @Test
    void shouldFallBackToEventDescriptionWhenTheShopDeletesAnItem() {
        pipeScenario();
        catalogue.readKeyValuesToList();

        items.pipeInput("i2", null, T0.plus(DAY));

        CatalogueItem fromEvents = new CatalogueItem("i2", "from-events", null, null, null, true, 1.0, T0, 1, 0, 0);
        assertThat(catalogue.readKeyValuesToList()).containsExactly(KeyValue.pair("i2", fromEvents));
        assertThat(index.get("i2")).contains(fromEvents);
        assertThat(index.topPopular("books", 10)).isEmpty();
    }

    @Test
    void shouldRemoveAnItemFromTheIndexOnACatalogueTombstone() {
        pipeScenario();

        driver.createInputTopic(Topics.CATALOGUE.name(), Topics.CATALOGUE.keySerde().serializer(),
                Topics.CATALOGUE.valueSerde().serializer()).pipeInput("i2", null, T0.plus(DAY));

        assertThat(index.get("i2")).isEmpty();
        assertThat(driver.<String, CatalogueItem>getKeyValueStore(RecommenderTopology.CATALOGUE_STORE).get("i2")).isNull();
    }

    @Test
    void shouldMaterialiseProfilesForInteractiveQueries() {
        UserProfile profile = new UserProfile("u1", 3, Map.of(EventType.VIEW, 3L),
                new DecayedScores(T0, Map.of("phones", 3.0)), new DecayedScores(T0, Map.of("acme", 3.0)),
                PriceBand.empty().add(100.0), Rfm.empty(), 1, "s1", List.of("i1"), List.of(), T0, T0);

        byte[] sealedProfile = updater.keyAndProfile(profile, T0);

        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(RecommenderTopology.PROFILES_STORE);
        KeyValueStore<String, byte[]> keys = driver.getKeyValueStore(RecommenderTopology.USER_KEYS_STORE);
        // Stored as published: sealed, next to the wrapped key that opens it.
        assertThat(store.get("u1")).isEqualTo(sealedProfile);
        assertThat(keys.get("u1")).isEqualTo(sealed.key("u1"));
        assertThat(SealedFixture.CIPHER.openJson("u1", keys.get("u1"), store.get("u1"), UserProfile.class))
                .isEqualTo(profile);
        assertThat(store.get("unknown")).isNull();
    }

    @Test
    void shouldNameTheRepartitionTopicAndStores() {
        String description = topology.describe().toString();

        assertThat(description).contains("events-by-item-repartition", "item-stats", "stores: [items]",
                "catalogue", "profiles", "stores: [user-keys]", Topics.CATALOGUE.name(), Topics.IMPRESSIONS.name(),
                Topics.USER_KEYS.name());
        assertThat(driver.getAllStateStores()).containsKeys("item-stats", "items", "catalogue", "profiles",
                "user-keys", "impressions");
    }

    @Test
    void shouldFoldServedListsIntoShownCountsPerUser() {
        TestInputTopic<String, Impression> impressions = input(Topics.IMPRESSIONS);
        updater.key("u1", T0);
        updater.key("u2", T0);

        impressions.pipeInput("u1", new Impression("u1", T0, "lstm", "v1", List.of("a", "b")), T0);
        impressions.pipeInput("u2", new Impression("u2", T0, "popular", null, List.of("a")), T0);
        impressions.pipeInput("u1", new Impression("u1", T0.plusSeconds(1), "lstm", "v1", List.of("b", "c")),
                T0.plusSeconds(1));

        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(RecommenderTopology.IMPRESSIONS_STORE);
        // Least recently shown first: b moved behind a when it was shown again.
        assertThat(sealed.open("u1", store.get("u1"), ShownItems.class).counts())
                .containsExactly(Map.entry("a", 1), Map.entry("b", 2), Map.entry("c", 1));
        assertThat(sealed.open("u2", store.get("u2"), ShownItems.class).counts()).containsExactly(Map.entry("a", 1));
        assertThat(store.get("u3")).isNull();
    }

    @Test
    void shouldKeepImpressionsAndKeysInTheSameTaskAsProfiles() {
        // Interactive queries route by the profiles store's owner; the key and impressions it
        // reads next to the profile must be in the same sub-topology (same task, same instance).
        TopologyDescription.Subtopology withImpressions = topology.describe().subtopologies().stream()
                .filter(sub -> sub.nodes().stream().anyMatch(n -> n.name().equals(RecommenderTopology.IMPRESSIONS_FOLD)))
                .findFirst().orElseThrow();

        assertThat(withImpressions.nodes()).extracting(TopologyDescription.Node::name)
                .contains(RecommenderTopology.PROFILES_SOURCE, RecommenderTopology.USER_KEYS_SOURCE,
                        RecommenderTopology.IMPRESSIONS_SOURCE);
    }
}
