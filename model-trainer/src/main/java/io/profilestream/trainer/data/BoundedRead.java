package io.profilestream.trainer.data;

import java.time.Duration;
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

/**
 * The mechanics shared by {@link TopicHistory} and {@link CompactedTopic}: every partition of one
 * topic, assigned (no group), read from a start offset per partition up to the end offsets captured
 * when the read starts, so a busy topic cannot keep the read going forever. Records written after
 * the start are never handed out; a partition with nothing to read is paused at once.
 */
final class BoundedRead {

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final List<TopicPartition> partitions;
    private final Map<TopicPartition, Long> end;
    private final Set<TopicPartition> remaining = new LinkedHashSet<>();

    private BoundedRead(Consumer<byte[], byte[]> consumer, String topic, List<TopicPartition> partitions,
                        Map<TopicPartition, Long> end) {
        this.consumer = consumer;
        this.topic = topic;
        this.partitions = partitions;
        this.end = end;
    }

    /**
     * Assigns every partition of {@code topic}, captures the end offsets, and seeks each partition
     * to the offset {@code startOffsets} gives for it (given the partitions and their end offsets).
     *
     * @throws IllegalArgumentException when the topic does not exist or has no partitions
     */
    static BoundedRead start(Consumer<byte[], byte[]> consumer, String topic, StartOffsets startOffsets) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("topic '" + topic + "' does not exist or has no partitions");
        }
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = new LinkedHashMap<>();
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        partitions.forEach(tp -> end.put(tp, ends.get(tp)));
        BoundedRead read = new BoundedRead(consumer, topic, partitions, end);
        Map<TopicPartition, Long> from = startOffsets.of(partitions, end);
        for (TopicPartition tp : partitions) {
            consumer.seek(tp, from.get(tp));
            if (from.get(tp) < end.get(tp)) {
                read.remaining.add(tp);
            } else {
                consumer.pause(List.of(tp));
            }
        }
        return read;
    }

    /** Where each partition's read starts, given the partitions and the end offsets captured. */
    @FunctionalInterface
    interface StartOffsets {
        Map<TopicPartition, Long> of(List<TopicPartition> partitions, Map<TopicPartition, Long> end);

        /** From each partition's beginning. */
        static StartOffsets beginning(Consumer<byte[], byte[]> consumer) {
            return (partitions, end) -> consumer.beginningOffsets(partitions);
        }
    }

    /**
     * Polls until every partition reached its end offset, handing each record before it to
     * {@code each} in poll order.
     *
     * @throws IllegalStateException when the end offsets are not reached within {@code maxIdlePolls} empty polls
     */
    void forEach(java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each, Duration pollTimeout, int maxIdlePolls) {
        int idle = 0;
        while (!remaining.isEmpty()) {
            var polled = consumer.poll(pollTimeout);
            idle = polled.isEmpty() ? idle + 1 : 0;
            for (ConsumerRecord<byte[], byte[]> r : polled) {
                if (r.offset() < end.getOrDefault(new TopicPartition(r.topic(), r.partition()), Long.MIN_VALUE)) {
                    each.accept(r);
                }
            }
            settle(idle, maxIdlePolls, pollTimeout);
        }
    }

    /** The topic's partitions, in number order. */
    List<TopicPartition> partitions() {
        return partitions;
    }

    /** The end offsets captured at the start, partitions in number order. */
    Map<TopicPartition, Long> endOffsets() {
        return end;
    }

    /**
     * After a poll: pauses (and forgets) the partitions that reached the end offsets captured at
     * the start, and fails when the rest made no progress for {@code maxIdlePolls} polls in a row
     * (a broker that lost data, or a transaction never closed).
     */
    private void settle(int idle, int maxIdlePolls, Duration pollTimeout) {
        for (var it = remaining.iterator(); it.hasNext(); ) {
            TopicPartition tp = it.next();
            if (consumer.position(tp) >= end.get(tp)) {
                consumer.pause(List.of(tp));
                it.remove();
            }
        }
        if (!remaining.isEmpty() && idle >= maxIdlePolls) {
            Map<Integer, String> at = new TreeMap<>();
            remaining.forEach(tp -> at.put(tp.partition(), consumer.position(tp) + " of " + end.get(tp)));
            throw new IllegalStateException("topic '" + topic + "': no records for " + idle + " polls of " + pollTimeout
                    + " before the end offsets captured at the start were reached (partition: position of end "
                    + at + ")");
        }
    }
}
