package io.profilestream.trainer.data;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
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
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("topic '" + topic + "' does not exist or has no partitions");
        }
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        Set<TopicPartition> remaining = new LinkedHashSet<>();
        for (TopicPartition tp : partitions) {
            consumer.seek(tp, begin.get(tp));
            if (begin.get(tp) < end.get(tp)) {
                remaining.add(tp);
            } else {
                consumer.pause(List.of(tp));
            }
        }
        // Per partition, so the table's order does not depend on how polls interleave partitions.
        Map<Integer, Map<String, byte[]>> latest = new TreeMap<>();
        long records = 0;
        long tombstones = 0;
        long keyless = 0;
        int idle = 0;
        while (!remaining.isEmpty()) {
            var polled = consumer.poll(pollTimeout);
            idle = polled.isEmpty() ? idle + 1 : 0;
            for (ConsumerRecord<byte[], byte[]> r : polled) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (r.offset() >= end.getOrDefault(tp, Long.MIN_VALUE)) {
                    continue; // written after the read started: the next run's table
                }
                records++;
                String key = r.key() == null ? null : keys.deserialize(r.topic(), r.headers(), r.key());
                if (key == null) {
                    keyless++;
                    continue;
                }
                Map<String, byte[]> table = latest.computeIfAbsent(r.partition(), p -> new LinkedHashMap<>());
                if (r.value() == null) {
                    tombstones++;
                    table.remove(key);
                } else {
                    table.put(key, r.value());
                }
            }
            TopicHistory.settle(consumer, topic, remaining, end, idle, maxIdlePolls, pollTimeout);
        }
        Map<String, byte[]> table = new LinkedHashMap<>();
        latest.values().forEach(table::putAll);
        Map<TopicPartition, Long> ends = new LinkedHashMap<>();
        partitions.forEach(tp -> ends.put(tp, end.get(tp)));
        return new Table(table, ends, records, tombstones, keyless);
    }

    /** {@code {0=12, 1=7}}: end offsets by partition number, for a summary line. */
    static String describe(Map<TopicPartition, Long> endOffsets) {
        List<String> parts = new ArrayList<>();
        endOffsets.forEach((tp, offset) -> parts.add(tp.partition() + "=" + offset));
        return "{" + String.join(", ", parts) + "}";
    }
}
