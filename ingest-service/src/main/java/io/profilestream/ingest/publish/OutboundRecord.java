package io.profilestream.ingest.publish;

import java.time.Instant;
import java.util.Objects;

/**
 * One record to write.
 *
 * @param key       record key (partitioning and compaction)
 * @param value     record value
 * @param timestamp record timestamp
 * @param <V> value type
 */
public record OutboundRecord<V>(String key, V value, Instant timestamp) {

    public OutboundRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
