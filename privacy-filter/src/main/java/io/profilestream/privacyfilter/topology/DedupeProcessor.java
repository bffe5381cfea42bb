package io.profilestream.privacyfilter.topology;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 4: drops an event whose id was already seen within the dedupe window, after the pattern of
 * Confluent's kafka-streams-examples {@code EventDeduplication}: the window store keeps, per
 * event id, the record timestamps it was seen at; an event is a duplicate when a sighting lies in
 * {@code [ts - window, ts + window]} (both ends inclusive). A duplicate refreshes its sighting, so
 * the window runs from the last time the id was seen. Duplicates are not errors: they are counted
 * (metric {@code duplicates-dropped-total}, group {@code stream-privacy-filter-metrics}, and
 * {@code profilestream.filter.events{outcome=dropped}}, see {@link FilterMetrics}), never
 * dead-lettered.
 *
 * <p>Records are keyed by user id on the raw topic, so a retried event always lands in the same
 * partition and task as its first copy; the store is therefore local to the task. It holds event
 * ids and sighting times only, never which user an id belongs to, so an erasure has nothing to
 * remove from it (see {@link EraseUserProcessor}).
 */
public final class DedupeProcessor implements Processor<String, ParsedEvent, String, ParsedEvent> {

    /** Processor name in the topology. */
    public static final String NAME = "dedupe";

    /** Window store: event id -> record timestamp of each sighting. */
    public static final String STORE_NAME = "dedupe-event-ids";

    /**
     * Extra retention beyond the window. The store expires entries by stream time (the newest
     * timestamp in the partition), not by the incoming record's own timestamp; without this slack
     * a duplicate exactly one window later, or one that arrives slightly out of order behind newer
     * events, would miss a sighting its fetch range still covers.
     */
    public static final Duration RETENTION_SLACK = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(DedupeProcessor.class);

    private final long windowMs;
    private final FilterMetrics metrics;
    private ProcessorContext<String, ParsedEvent> context;
    private WindowStore<String, Long> store;
    private Sensor duplicates;

    /** @param window how far apart two sightings of one id may be and still count as duplicates */
    public DedupeProcessor(Duration window) {
        this(window, FilterMetrics.detached());
    }

    /**
     * @param window  how far apart two sightings of one id may be and still count as duplicates
     * @param metrics counts the dropped duplicates
     */
    public DedupeProcessor(Duration window, FilterMetrics metrics) {
        this.windowMs = window.toMillis();
        this.metrics = metrics;
    }

    /**
     * The persistent RocksDB window store this processor needs, with a changelog so the ids seen
     * survive a restart or a move to another instance.
     */
    public static StoreBuilder<WindowStore<String, Long>> storeBuilder(Duration window) {
        return Stores.windowStoreBuilder(
                        Stores.persistentWindowStore(STORE_NAME, window.plus(RETENTION_SLACK), window, false),
                        Serdes.String(), Serdes.Long())
                .withLoggingEnabled(Map.of());
    }

    @Override
    public void init(ProcessorContext<String, ParsedEvent> context) {
        this.context = context;
        this.store = context.getStateStore(STORE_NAME);
        this.duplicates = context.metrics().addRateTotalSensor("privacy-filter", context.taskId().toString(),
                "duplicates-dropped", Sensor.RecordingLevel.INFO);
    }

    @Override
    public void process(Record<String, ParsedEvent> record) {
        String eventId = record.value().event().eventId();
        long ts = record.timestamp();
        boolean duplicate;
        try (WindowStoreIterator<Long> seen = store.fetch(eventId, saturatedSubtract(ts, windowMs),
                saturatedAdd(ts, windowMs))) {
            duplicate = seen.hasNext();
        }
        store.put(eventId, ts, ts);
        if (duplicate) {
            duplicates.record();
            metrics.dropped();
            // Coordinates, not the event id: the shop chooses ids, and the log is no place to guess what they hold.
            LOG.debug("Dropped a duplicate event at {}", context.recordMetadata()
                    .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("unknown offset"));
            return;
        }
        context.forward(record, BurstProcessor.NAME);
    }

    private static long saturatedSubtract(long a, long b) {
        return Math.max(0L, a - b);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < a ? Long.MAX_VALUE : sum;
    }
}
