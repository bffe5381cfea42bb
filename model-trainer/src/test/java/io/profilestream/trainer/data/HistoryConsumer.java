package io.profilestream.trainer.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * Kafka's {@link MockConsumer} over a topic log kept here, so that what a broker derives from the
 * log is derived the same way: end offsets (the log's size unless {@link #endOffset} says
 * otherwise) and {@code offsetsForTimes} (the first offset whose timestamp is at or after the
 * target; MockConsumer 4.3 does not implement it). Records are handed to the MockConsumer when
 * their partition is assigned, or on a later poll ({@link #appendOnNextPoll}).
 */
public final class HistoryConsumer extends MockConsumer<byte[], byte[]> {

    private final String topic;
    private final List<List<ConsumerRecord<byte[], byte[]>>> log = new ArrayList<>();
    private final Map<Integer, Long> endOverride = new HashMap<>();

    public HistoryConsumer(String topic, int partitions) {
        super("earliest");
        this.topic = topic;
        List<PartitionInfo> infos = new ArrayList<>();
        Map<TopicPartition, Long> beginning = new HashMap<>();
        Node node = new Node(0, "localhost", 9092);
        for (int p = 0; p < partitions; p++) {
            log.add(new ArrayList<>());
            infos.add(new PartitionInfo(topic, p, node, new Node[] {node}, new Node[] {node}));
            beginning.put(new TopicPartition(topic, p), 0L);
        }
        updatePartitions(topic, infos);
        updateBeginningOffsets(beginning);
    }

    /** Appends a record without key at the partition's next offset. */
    public synchronized HistoryConsumer append(int partition, long timestamp, byte[] value) {
        return append(partition, timestamp, null, value);
    }

    /** Appends a record keyed {@code key} (UTF-8, may be null) at the partition's next offset. */
    public synchronized HistoryConsumer append(int partition, long timestamp, String key, byte[] value) {
        List<ConsumerRecord<byte[], byte[]>> records = log.get(partition);
        byte[] keyBytes = key == null ? null : key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>(topic, partition, records.size(), timestamp,
                TimestampType.CREATE_TIME, keyBytes == null ? -1 : keyBytes.length, value == null ? -1 : value.length,
                keyBytes, value, new RecordHeaders(), Optional.empty());
        records.add(r);
        if (assignment().contains(new TopicPartition(topic, partition))) {
            addRecord(r);
        }
        return this;
    }

    /** A record that arrives while the read is under way: appended when the next poll starts. */
    public synchronized HistoryConsumer appendOnNextPoll(int partition, long timestamp, byte[] value) {
        schedulePollTask(() -> append(partition, timestamp, value));
        return this;
    }

    /** Reports {@code offset} as the partition's end (e.g. records the consumer will never be given). */
    public synchronized HistoryConsumer endOffset(int partition, long offset) {
        endOverride.put(partition, offset);
        return this;
    }

    @Override
    public synchronized void assign(Collection<TopicPartition> partitions) {
        super.assign(partitions);
        for (TopicPartition tp : partitions) {
            log.get(tp.partition()).forEach(this::addRecord);
        }
    }

    @Override
    public synchronized Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> end = new HashMap<>();
        partitions.forEach(tp -> end.put(tp, endOverride.getOrDefault(tp.partition(), (long) log.get(tp.partition()).size())));
        return end;
    }

    @Override
    public synchronized Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestamps) {
        Map<TopicPartition, OffsetAndTimestamp> found = new HashMap<>();
        timestamps.forEach((tp, at) -> log.get(tp.partition()).stream().filter(r -> r.timestamp() >= at).findFirst()
                .ifPresent(r -> found.put(tp, new OffsetAndTimestamp(r.offset(), r.timestamp()))));
        return found;
    }
}
