package io.profilestream.recommender.impressions;

import io.profilestream.model.impression.Impression;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds served recommendation lists ({@link Impression}s keyed by user pseudonym) into the
 * per-user {@link ShownItems} the business filter reads at request time.
 */
public final class ImpressionFoldProcessor implements Processor<String, Impression, Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ImpressionFoldProcessor.class);

    private final String storeName;
    private final int kept;
    private KeyValueStore<String, ShownItems> store;

    /**
     * @param storeName the key-value store (user key -> shown items) this processor owns
     * @param kept      items remembered per user
     */
    public ImpressionFoldProcessor(String storeName, int kept) {
        this.storeName = storeName;
        this.kept = kept;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, Impression> record) {
        String userKey = record.key();
        Impression impression = record.value();
        if (userKey == null || impression == null) {
            // Only our own recommender writes this topic, always keyed and with a value; anything
            // else cannot be attributed to a user and is not worth a dead letter.
            LOG.warn("Ignoring impression record without key or value");
            return;
        }
        ShownItems current = store.get(userKey);
        store.put(userKey, (current == null ? ShownItems.none() : current).add(impression.itemIds(), kept));
    }
}
