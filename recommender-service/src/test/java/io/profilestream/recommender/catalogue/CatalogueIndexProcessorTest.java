package io.profilestream.recommender.catalogue;

import static io.profilestream.recommender.catalogue.Items.item;
import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.catalogue.CatalogueItem;
import io.profilestream.model.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CatalogueIndexProcessorTest {

    static final Instant T = Instant.parse("2025-03-01T00:00:00Z");

    final CatalogueIndex index = new CatalogueIndex(Duration.ofDays(1));
    final MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
    KeyValueStore<String, CatalogueItem> store;
    CatalogueIndexProcessor processor;

    @BeforeEach
    void setUp() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("catalogue"),
                Topics.CATALOGUE.keySerde(), Topics.CATALOGUE.valueSerde()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        processor = new CatalogueIndexProcessor("catalogue", index);
    }

    @Test
    void shouldRebuildTheIndexFromTheRestoredStoreOnInit() {
        // Entries restored from the checkpoint are in the store but were never processed here.
        store.put("a", item("a", "phones", "acme", 10, T));
        store.put("b", item("b", "books", null, 20, T));
        index.upsert(item("stale", "phones", null, 99, T));

        processor.init(context);

        assertThat(index.topPopular(10)).containsExactly(item("b", "books", null, 20, T), item("a", "phones", "acme", 10, T));
    }

    @Test
    void shouldWriteStoreAndIndexForEachRecord() {
        processor.init(context);

        processor.process(new Record<>("a", item("a", "phones", "acme", 10, T), 0L));
        processor.process(new Record<>("b", item("b", "phones", null, 20, T), 0L));
        processor.process(new Record<>("a", item("a", "phones", "acme", 30, T), 0L));

        assertThat(store.get("a")).isEqualTo(item("a", "phones", "acme", 30, T));
        assertThat(index.topPopular("phones", 10))
                .containsExactly(item("a", "phones", "acme", 30, T), item("b", "phones", null, 20, T));
    }

    @Test
    void shouldDeleteFromStoreAndIndexOnTombstone() {
        processor.init(context);
        processor.process(new Record<>("a", item("a", "phones", "acme", 10, T), 0L));

        processor.process(new Record<String, CatalogueItem>("a", null, 0L));

        assertThat(store.get("a")).isNull();
        assertThat(index.get("a")).isEmpty();
        assertThat(index.topPopular(10)).isEmpty();
    }

    @Test
    void shouldTrustTheRecordKeyOverTheIdInTheBody() {
        processor.init(context);

        processor.process(new Record<>("a", item("not-a", "phones", null, 10, T), 0L));

        assertThat(store.get("a")).isEqualTo(item("a", "phones", null, 10, T));
        assertThat(index.get("a")).contains(item("a", "phones", null, 10, T));
        assertThat(index.get("not-a")).isEmpty();
    }

    @Test
    void shouldIgnoreRecordsWithoutKey() {
        processor.init(context);

        processor.process(new Record<>(null, item("a", "phones", null, 10, T), 0L));

        assertThat(index.size()).isZero();
        assertThat(store.approximateNumEntries()).isZero();
    }
}
