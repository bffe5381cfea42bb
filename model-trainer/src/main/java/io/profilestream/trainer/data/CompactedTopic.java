package io.profilestream.trainer.data;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * One bounded read of a compacted topic as a table: every partition from its beginning to the end
 * offsets captured when the read starts, keeping the latest value of each key and dropping a key
 * at its tombstone, which is what the topic means to the services that materialise it. Like
 * {@link TopicHistory} (whose {@link TopicHistory#consumerConfig consumer settings} it is read
 * with): assigned partitions, committed records only, no group, no commits. Values stay bytes: on
 * the profiles and user-keys topics they are sealed, and opening them is the caller's business.
 */
public final class CompactedTopic {

    private CompactedTopic() {
    }

    /**
     * The table as of the end offsets.
     *
     * @param latest     key to its latest value, keys in the order first seen (partitions in number order)
     * @param endOffsets the end offsets the read stopped at
     * @param records    records read
     * @param tombstones tombstones among them (a key they hit is not in {@code latest} unless written again later)
     * @param keyless    records without a key, skipped (a compacted topic refuses them; counted, never silent)
     */
    public record Table(Map<String, byte[]> latest, Map<TopicPartition, Long> endOffsets, long records, long tombstones,
                        long keyless) {
    }

    /**
     * Reads {@code topic} from the beginning to the end offsets as of now.
     *
     * @param consumer     a consumer of bytes with no subscription (assigned here); closed by the caller
     * @param keys         the topic's key deserializer
     * @param pollTimeout  the wait of each poll
     * @param maxIdlePolls empty polls in a row, with end offsets not yet reached, before the read fails
     * @throws IllegalArgumentException when the topic does not exist
     * @throws IllegalStateException    when the end offsets are not reached within {@code maxIdlePolls} empty polls
     */
    public static Table read(Consumer<byte[], byte[]> consumer, String topic, Deserializer<String> keys,
                             Duration pollTimeout, int maxIdlePolls) {
        BoundedRead read = BoundedRead.start(consumer, topic, BoundedRead.StartOffsets.beginning(consumer));
        // Per partition, so the table's order does not depend on how polls interleave partitions.
        Map<Integer, Map<String, byte[]>> latest = new TreeMap<>();
        long[] counts = new long[3]; // records, tombstones, keyless
        read.forEach(r -> {
            counts[0]++;
            String key = r.key() == null ? null : keys.deserialize(r.topic(), r.headers(), r.key());
            if (key == null) {
                counts[2]++;
                return;
            }
            Map<String, byte[]> table = latest.computeIfAbsent(r.partition(), p -> new LinkedHashMap<>());
            if (r.value() == null) {
                counts[1]++;
                table.remove(key);
            } else {
                table.put(key, r.value());
            }
        }, pollTimeout, maxIdlePolls);
        Map<String, byte[]> table = new LinkedHashMap<>();
        latest.values().forEach(table::putAll);
        return new Table(table, read.endOffsets(), counts[0], counts[1], counts[2]);
    }

    /** {@code {0=12, 1=7}}: end offsets by partition number, for a summary line. */
    static String describe(Map<TopicPartition, Long> endOffsets) {
        List<String> parts = new ArrayList<>();
        endOffsets.forEach((tp, offset) -> parts.add(tp.partition() + "=" + offset));
        return "{" + String.join(", ", parts) + "}";
    }
}
