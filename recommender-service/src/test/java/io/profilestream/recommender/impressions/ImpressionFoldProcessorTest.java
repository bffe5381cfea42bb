package io.profilestream.recommender.impressions;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.impression.Impression;
import io.profilestream.model.topic.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
    ImpressionFoldProcessor processor;

    @BeforeEach
    void setUp() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("impressions"),
                Topics.IMPRESSIONS.keySerde(), ShownItems.SERDE).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        processor = new ImpressionFoldProcessor("impressions", 2);
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
}
