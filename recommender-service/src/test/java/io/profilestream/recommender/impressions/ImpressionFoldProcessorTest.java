package io.profilestream.recommender.impressions;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.impression.Impression;
import io.profilestream.model.topic.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImpressionFoldProcessorTest {

    static final Instant T = Instant.parse("2025-03-01T00:00:00Z");

    final MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
    KeyValueStore<String, ShownItems> store;
    KeyValueStore<String, Long> erased;
    ImpressionFoldProcessor processor;

    @BeforeEach
    void setUp() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("impressions"),
                Topics.IMPRESSIONS.keySerde(), ShownItems.SERDE).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        erased = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("erased-users"), Serdes.String(), Serdes.Long())
                .withLoggingDisabled().build();
        erased.init(context.getStateStoreContext(), erased);
        context.addStateStore(erased);
        processor = new ImpressionFoldProcessor("impressions", "erased-users", 2);
        processor.init(context);
    }

    static Record<String, Impression> served(String userKey, String... items) {
        return new Record<>(userKey, new Impression(userKey, T, "lstm", "v1", List.of(items)), 0L);
    }

    @Test
    void shouldCountServedItemsPerUserWithinTheBound() {
        processor.process(served("u1", "a", "b"));
        processor.process(served("u1", "a"));
        processor.process(served("u2", "c"));
        processor.process(served("u1", "d"));

        assertThat(store.get("u1").counts()).containsExactly(Map.entry("a", 2), Map.entry("d", 1));
        assertThat(store.get("u2").counts()).containsExactly(Map.entry("c", 1));
    }

    @Test
    void shouldIgnoreRecordsWithoutKeyOrValue() {
        processor.process(new Record<>(null, new Impression(null, T, "lstm", "v1", List.of("a")), 0L));
        processor.process(new Record<>("u1", null, 0L));

        assertThat(store.approximateNumEntries()).isZero();
        assertThat(store.get("u1")).isNull();
    }

    double droppedAfterErasure() {
        return context.metrics().metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("dropped-after-erasure-total"))
                .mapToDouble(e -> (Double) e.getValue().metricValue())
                .sum();
    }

    @Test
    void shouldDropAndCountImpressionsServedAtOrBeforeTheErasureOfTheirUser() {
        erased.put("u1", T.toEpochMilli());

        // Recorded (record time) before the erasure, though stamped later.
        processor.process(new Record<>("u1", new Impression("u1", T.plusSeconds(1), "lstm", "v1", List.of("a")),
                T.toEpochMilli()));
        // Recorded after the erasure, but served at its very instant.
        processor.process(new Record<>("u1", new Impression("u1", T, "lstm", "v1", List.of("b")),
                T.plusSeconds(1).toEpochMilli()));

        assertThat(store.get("u1")).isNull();
        assertThat(droppedAfterErasure()).isEqualTo(2.0);
    }

    @Test
    void shouldFoldImpressionsServedAfterTheErasure() {
        erased.put("u1", T.toEpochMilli());

        processor.process(new Record<>("u1", new Impression("u1", T.plusMillis(1), "popular", null, List.of("a")),
                T.plusMillis(1).toEpochMilli()));
        processor.process(served("u2", "c"));

        assertThat(store.get("u1").counts()).containsExactly(Map.entry("a", 1));
        assertThat(store.get("u2").counts()).containsExactly(Map.entry("c", 1));
        assertThat(droppedAfterErasure()).isEqualTo(0.0);
    }
}
