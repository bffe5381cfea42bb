package io.profilestream.recommender.demand;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.model.config.KafkaProperties;
import io.profilestream.model.config.StreamsProperties;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.EventType;
import io.profilestream.model.streams.PipelineLatency;
import io.profilestream.model.streams.StreamsConfigFactory;
import io.profilestream.model.topic.Topics;
import io.profilestream.recommender.RecommenderTopology;
import io.profilestream.recommender.cache.RankedListCache;
import io.profilestream.recommender.catalogue.CatalogueIndex;
import io.profilestream.recommender.config.RecommenderSettings;
import io.profilestream.recommender.crypto.SealedFixture;
import io.profilestream.recommender.metrics.RecommenderMetrics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demand counts through the recommender's real topology, with exact expected windows. */
class DemandTopologyTest {

    static final Instant H10 = Instant.parse("2025-03-01T10:00:00Z");
    static final Instant H11 = H10.plus(DemandSettings.HOUR);
    /** Cap 3 per user, measure and hour; 30 minutes of grace. */
    static final DemandSettings DEMAND = new DemandSettings(3, Duration.ofMinutes(30), Duration.ofDays(35), 14, 168, false, null, 0);

    @TempDir
    Path stateDir;

    final Topology topology = RecommenderTopology.build(RecommenderSettings.defaults(),
            new CatalogueIndex(Duration.ofDays(1)), SealedFixture.CIPHER, Clock.systemUTC(), RankedListCache.disabled(),
            PipelineLatency.timer(new SimpleMeterRegistry(), RecommenderMetrics.STAGE), DEMAND);
    TopologyTestDriver driver;
    TestInputTopic<String, CleanEvent> events;

    @BeforeEach
    void startDriver() {
        Properties props = StreamsConfigFactory.create(new KafkaProperties("unused:9092", Map.of()),
                new StreamsProperties("recommender-service", stateDir.toString(), 1, "at_least_once", (short) 1,
                        Duration.ofMillis(100), 8, ""));
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        driver = new TopologyTestDriver(topology, props);
        events = driver.createInputTopic(Topics.CLEAN_EVENTS.name(), Topics.CLEAN_EVENTS.keySerde().serializer(),
                Topics.CLEAN_EVENTS.valueSerde().serializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    void pipe(String user, EventType type, String item, String category, Integer quantity, Instant at) {
        events.pipeInput(user, new CleanEvent(1, "e-" + user + "-" + item + "-" + at, user, "k1", "s1", type, item,
                category, null, null, null, quantity, type == EventType.SEARCH ? "phone" : null, null, null, at), at);
    }

    /** Every window of {@code key} in {@code store}, as (window start, counts). */
    List<KeyValue<Instant, DemandCounts>> windows(String store, String key) {
        WindowStore<String, DemandCounts> windows = driver.getWindowStore(store);
        List<KeyValue<Instant, DemandCounts>> out = new ArrayList<>();
        try (WindowStoreIterator<DemandCounts> it = windows.fetch(key, Instant.EPOCH, H10.plus(Duration.ofDays(1)))) {
            it.forEachRemaining(kv -> out.add(KeyValue.pair(Instant.ofEpochMilli(kv.key), kv.value)));
        }
        return out;
    }

    void pipeScenario() {
        // u1 views 4 times in hour 10: capped at 3.
        for (int minute = 1; minute <= 4; minute++) {
            pipe("u1", EventType.VIEW, "i1", "phones", null, H10.plusSeconds(60L * minute));
        }
        pipe("u2", EventType.VIEW, "i1", "phones", null, H10.plusSeconds(600));
        pipe("u2", EventType.VIEW, "i2", "books", null, H10.plusSeconds(660));
        pipe("u1", EventType.ADD_TO_CART, "i1", "phones", null, H10.plusSeconds(1200));
        // 2 units, then 4 of which 1 is left under the cap.
        pipe("u1", EventType.PURCHASE, "i1", "phones", 2, H10.plusSeconds(1800));
        pipe("u1", EventType.PURCHASE, "i3", "phones", 4, H10.plusSeconds(2400));
        pipe("u2", EventType.SEARCH, null, null, null, H10.plusSeconds(3000));
        pipe("u3", EventType.VIEW, "i1", "phones", null, H11.plusSeconds(300));
        // Late, but hour 10 takes events until 11:30.
        pipe("u3", EventType.VIEW, "i2", "books", null, H10.plusSeconds(3300));
        pipe("u4", EventType.VIEW, "i2", "books", null, H11.plus(Duration.ofMinutes(40)));
        // Too late: hour 10 closed at 11:30.
        pipe("u4", EventType.VIEW, "i1", "phones", null, H10.plus(Duration.ofMinutes(58)));
        pipe("u5", EventType.VIEW, "i9", null, null, H11.plus(Duration.ofMinutes(10)));
    }

    @Test
    void shouldCountCappedDemandPerCategoryAndHour() {
        pipeScenario();

        assertThat(windows(DemandTopology.CATEGORY_STORE, "phones")).containsExactly(
                KeyValue.pair(H10, new DemandCounts(4, 1, 3)),
                KeyValue.pair(H11, new DemandCounts(1, 0, 0)));
        assertThat(windows(DemandTopology.CATEGORY_STORE, "books")).containsExactly(
                KeyValue.pair(H10, new DemandCounts(2, 0, 0)),
                KeyValue.pair(H11, new DemandCounts(1, 0, 0)));
    }

    @Test
    void shouldCountCappedDemandPerItemAndHourIncludingItemsWithoutCategory() {
        pipeScenario();

        assertThat(windows(DemandTopology.ITEM_STORE, "i1")).containsExactly(
                KeyValue.pair(H10, new DemandCounts(4, 1, 2)),
                KeyValue.pair(H11, new DemandCounts(1, 0, 0)));
        assertThat(windows(DemandTopology.ITEM_STORE, "i2")).containsExactly(
                KeyValue.pair(H10, new DemandCounts(2, 0, 0)),
                KeyValue.pair(H11, new DemandCounts(1, 0, 0)));
        assertThat(windows(DemandTopology.ITEM_STORE, "i3")).containsExactly(KeyValue.pair(H10, new DemandCounts(0, 0, 1)));
        assertThat(windows(DemandTopology.ITEM_STORE, "i9")).containsExactly(KeyValue.pair(H11, new DemandCounts(1, 0, 0)));
    }

    @Test
    void shouldKeepEachUsersContributionsPerMeasureAndHour() {
        pipeScenario();

        WindowStore<String, Integer> contributions = driver.getWindowStore(DemandTopology.CAP_STORE);
        assertThat(contributions.fetch("u1/views", H10.toEpochMilli())).isEqualTo(3);
        assertThat(contributions.fetch("u1/units", H10.toEpochMilli())).isEqualTo(3);
        assertThat(contributions.fetch("u1/addToCarts", H10.toEpochMilli())).isEqualTo(1);
        assertThat(contributions.fetch("u3/views", H11.toEpochMilli())).isEqualTo(1);
    }

    @Test
    void shouldNumberTheDemandSubTopologiesAfterTheExistingOnes() {
        TopologyDescription description = topology.describe();
        Set<Integer> demand = description.subtopologies().stream()
                .filter(sub -> sub.nodes().stream().anyMatch(n -> n.name().equals(DemandTopology.CATEGORY_COUNT)
                        || n.name().equals(DemandTopology.ITEM_COUNT)))
                .map(TopologyDescription.Subtopology::id).collect(Collectors.toSet());
        int last = description.subtopologies().stream().mapToInt(TopologyDescription.Subtopology::id).max().orElseThrow();

        // Existing tasks (and their state directories) keep their ids when demand is added.
        assertThat(demand).containsExactlyInAnyOrder(last - 1, last);
        assertThat(description.toString()).contains("windowed-demand-by-category-repartition",
                "windowed-demand-by-item-repartition", "stores: [demand-by-category]", "stores: [demand-by-item]",
                "stores: [demand-user-hour-contributions]");
    }
}
