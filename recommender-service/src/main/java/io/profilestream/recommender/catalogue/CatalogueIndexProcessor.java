package io.profilestream.recommender.catalogue;

import io.profilestream.model.catalogue.CatalogueItem;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global {@code catalogue} store and the in-memory {@link CatalogueIndex} in step with
 * the catalogue topic. Runs on the global stream thread: the index's single writer.
 *
 * <p>{@link #init} rebuilds the index from the store because the store can hold entries this
 * processor never sees: a persistent global store restarts from its local checkpoint, and only
 * records after the checkpoint are replayed (Kafka 4.3's {@code addGlobalStore} replays them
 * through a processor; older versions and {@code globalTable} write them straight to the store).
 * Either way, after {@code init} the index equals the store, and every later record updates both.
 */
public final class CatalogueIndexProcessor implements Processor<String, CatalogueItem, Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogueIndexProcessor.class);

    private final String storeName;
    private final CatalogueIndex index;
    private KeyValueStore<String, CatalogueItem> store;

    /**
     * @param storeName the global key-value store (item id -> catalogue entry) this processor owns
     * @param index     the index to keep equal to that store
     */
    public CatalogueIndexProcessor(String storeName, CatalogueIndex index) {
        this.storeName = storeName;
        this.index = index;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        List<CatalogueItem> items = new ArrayList<>();
        try (KeyValueIterator<String, CatalogueItem> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, CatalogueItem> entry = all.next();
                if (entry.value != null) {
                    items.add(entry.value);
                }
            }
        }
        index.replaceAll(items);
        LOG.info("Catalogue index rebuilt from store '{}': {} items", storeName, items.size());
    }

    @Override
    public void process(Record<String, CatalogueItem> record) {
        String itemId = record.key();
        if (itemId == null) {
            // The catalogue topic is written only by our own join, always keyed; a null key is a
            // foreign writer's mistake and cannot be stored in a compacted topic's view.
            LOG.warn("Ignoring catalogue record without key");
            return;
        }
        CatalogueItem item = record.value();
        if (item == null) {
            store.delete(itemId);
            index.remove(itemId);
        } else {
            CatalogueItem keyed = itemId.equals(item.itemId()) ? item : withItemId(item, itemId);
            store.put(itemId, keyed);
            index.upsert(keyed);
        }
    }

    /** The record key is the item's identity; a body naming another id must not split store and index. */
    private static CatalogueItem withItemId(CatalogueItem item, String itemId) {
        return new CatalogueItem(itemId, item.category(), item.brand(), item.price(), item.currency(), item.inStock(),
                item.popularity(), item.popularityAsOf(), item.views(), item.carts(), item.purchases());
    }
}
