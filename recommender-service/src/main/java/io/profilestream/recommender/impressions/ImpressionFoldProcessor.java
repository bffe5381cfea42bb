package io.profilestream.recommender.impressions;

import io.profilestream.model.impression.Impression;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds served recommendation lists ({@link Impression}s keyed by user pseudonym) into the
 * per-user {@link ShownItems} the business filter reads at request time.
 *
 * <p>Erasure: a user erased by the erasure processor has a marker (the erasure's
 * {@code requestedAt}, epoch ms) in the erased-users store. Their impressions whose record
 * timestamp or {@code servedAt} is at or before it were served before the erasure and are still
 * in flight: folding them would bring back state the erasure just deleted, so they are dropped
 * and counted (metric {@code dropped-after-erasure-total}, group {@code stream-recommender-metrics}).
 */
public final class ImpressionFoldProcessor implements Processor<String, Impression, Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ImpressionFoldProcessor.class);

    private final String storeName;
    private final String erasedStoreName;
    private final int kept;
    private KeyValueStore<String, ShownItems> store;
    private KeyValueStore<String, Long> erased;
    private Sensor droppedAfterErasure;

    /**
     * @param storeName       the key-value store (user key -> shown items) this processor owns
     * @param erasedStoreName the key-value store of erased users (user key -> erasure time, epoch ms)
     * @param kept            items remembered per user
     */
    public ImpressionFoldProcessor(String storeName, String erasedStoreName, int kept) {
        this.storeName = storeName;
        this.erasedStoreName = erasedStoreName;
        this.kept = kept;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        erased = context.getStateStore(erasedStoreName);
        droppedAfterErasure = context.metrics().addRateTotalSensor("recommender", context.taskId().toString(),
                "dropped-after-erasure", Sensor.RecordingLevel.INFO);
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
        if (servedBeforeErasure(userKey, impression, record.timestamp())) {
            droppedAfterErasure.record();
            return;
        }
        ShownItems current = store.get(userKey);
        store.put(userKey, (current == null ? ShownItems.none() : current).add(impression.itemIds(), kept));
    }

    private boolean servedBeforeErasure(String userKey, Impression impression, long timestamp) {
        Long erasedAt = erased.get(userKey);
        return erasedAt != null && (timestamp <= erasedAt
                || impression.servedAt() != null && impression.servedAt().toEpochMilli() <= erasedAt);
    }
}
