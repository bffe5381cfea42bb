package io.profilestream.trainer.data;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * One bounded read of a topic's recent history: every partition from the first record at or after
 * {@code since} (by {@code offsetsForTimes}; with no {@code since}, from the beginning) up to the end offsets captured when the read starts,
 * so a busy topic cannot keep the read going forever. No consumer group: nothing is committed and
 * the services' groups are not disturbed.
 *
 * <p>The consumer reads raw bytes and values are decoded here, so a record that does not decode is
 * counted and skipped rather than stopping the read (a deserializer inside the consumer would
 * throw from {@code poll}). Records whose timestamp is before {@code since} (a producer's clock
 * can put them after the offset {@code offsetsForTimes} found) are skipped and counted too.
 *
 * @param <V> the value type
 */
public final class TopicHistory<V> {

    /** How many undecodable records are described in a {@link Result}; the rest are only counted. */
    static final int DESCRIBED_UNDECODABLE = 5;

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final Deserializer<V> deserializer;
    private final Function<V, String> problem;
    private final Duration pollTimeout;
    private final int maxIdlePolls;

    /**
     * @param consumer     a consumer of bytes with no subscription (assigned here); closed by the caller
     * @param topic        the topic to read
     * @param deserializer the topic's value deserializer
     * @param problem      why a decoded value cannot be used, or null when it can
     * @param pollTimeout  the wait of each poll
     * @param maxIdlePolls empty polls in a row, with end offsets not yet reached, before the read fails
     */
    public TopicHistory(Consumer<byte[], byte[]> consumer, String topic, Deserializer<V> deserializer,
                        Function<V, String> problem, Duration pollTimeout, int maxIdlePolls) {
        this.consumer = consumer;
        this.topic = topic;
        this.deserializer = deserializer;
        this.problem = problem;
        this.pollTimeout = pollTimeout;
        this.maxIdlePolls = maxIdlePolls;
    }

    /** A record that was skipped because it could not be decoded or used. */
    public record Undecodable(int partition, long offset, String reason) {
    }

    /**
     * One record read: its key (UTF-8; every topic read here is keyed by a string), its record
     * timestamp (epoch ms) and its decoded value.
     */
    public record Read<V>(String key, long timestamp, V value) {
    }

    /**
     * What was read.
     *
     * @param records           the records read, per partition in offset order, partitions in number order
     * @param endOffsets        the end offsets the read stopped at
     * @param beforeSince       records skipped for a timestamp before {@code since}
     * @param undecodable       records skipped because they did not decode or could not be used
     * @param firstUndecodable  the first {@value #DESCRIBED_UNDECODABLE} of them
     */
    public record Result<V>(List<Read<V>> records, Map<TopicPartition, Long> endOffsets, long beforeSince,
                            long undecodable, List<Undecodable> firstUndecodable) {

        /** The decoded values of {@link #records()}, in the same order. */
        public List<V> values() {
            return records.stream().map(Read::value).toList();
        }
    }

    /**
     * The consumer settings of a bounded read: transactional producers write the topic, so only
     * committed records are read; no group and no commits. {@code extra} (SASL, TLS, ...) cannot
     * change those.
     */
    public static Map<String, Object> consumerConfig(String bootstrapServers, Map<String, String> extra) {
        Map<String, Object> config = new LinkedHashMap<>(extra);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, extra.getOrDefault(ConsumerConfig.CLIENT_ID_CONFIG, "profilestream-trainer"));
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return config;
    }

    /**
     * Reads every partition from {@code since} (null: from the beginning) to the end offsets as of now.
     *
     * @throws IllegalArgumentException when the topic does not exist
     * @throws IllegalStateException    when the end offsets are not reached within {@code maxIdlePolls} empty polls
     */
    public Result<V> read(Instant since) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("topic '" + topic + "' does not exist or has no partitions");
        }
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition()))
                .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
        Map<TopicPartition, Long> beginning = since == null ? consumer.beginningOffsets(partitions) : Map.of();
        Map<TopicPartition, OffsetAndTimestamp> start = Map.of();
        if (since != null) {
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, since.toEpochMilli()));
            start = consumer.offsetsForTimes(query);
        }
        long sinceMs = since == null ? Long.MIN_VALUE : since.toEpochMilli();
        Set<TopicPartition> remaining = new LinkedHashSet<>();
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp found = start.get(tp);
            // No record at or after 'since': nothing to read in this partition.
            long from = since == null ? beginning.get(tp) : found == null ? end.get(tp) : found.offset();
            consumer.seek(tp, from);
            if (from < end.get(tp)) {
                remaining.add(tp);
            } else {
                consumer.pause(List.of(tp));
            }
        }
        Map<Integer, List<Read<V>>> values = new HashMap<>();
        long beforeSince = 0;
        long undecodable = 0;
        List<Undecodable> described = new ArrayList<>();
        int idle = 0;
        while (!remaining.isEmpty()) {
            var records = consumer.poll(pollTimeout);
            idle = records.isEmpty() ? idle + 1 : 0;
            for (ConsumerRecord<byte[], byte[]> r : records) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (r.offset() >= end.getOrDefault(tp, Long.MIN_VALUE)) {
                    continue; // arrived after the read started
                }
                if (r.timestamp() < sinceMs) {
                    beforeSince++;
                    continue;
                }
                String reason;
                V value = null;
                try {
                    value = deserializer.deserialize(r.topic(), r.headers(), r.value());
                    reason = value == null ? "no value (tombstone)" : problem == null ? null : problem.apply(value);
                } catch (RuntimeException e) {
                    // The first line: JSON parsers append the source location on further lines.
                    reason = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getName());
                }
                if (reason != null) {
                    undecodable++;
                    if (described.size() < DESCRIBED_UNDECODABLE) {
                        described.add(new Undecodable(r.partition(), r.offset(), reason));
                    }
                } else {
                    String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
                    values.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(new Read<>(key, r.timestamp(), value));
                }
            }
            TopicHistory.settle(consumer, topic, remaining, end, idle, maxIdlePolls, pollTimeout);
        }
        List<Read<V>> all = new ArrayList<>();
        partitions.forEach(tp -> all.addAll(values.getOrDefault(tp.partition(), List.of())));
        Map<TopicPartition, Long> ends = new LinkedHashMap<>();
        partitions.forEach(tp -> ends.put(tp, end.get(tp)));
        return new Result<>(all, ends, beforeSince, undecodable, List.copyOf(described));
    }

    /**
     * After a poll of a bounded read: pauses (and forgets) the partitions that reached the end
     * offsets captured at the start, and fails when the rest made no progress for
     * {@code maxIdlePolls} polls in a row (a broker that lost data, or a transaction never closed).
     */
    static void settle(Consumer<?, ?> consumer, String topic, Set<TopicPartition> remaining,
                       Map<TopicPartition, Long> end, int idle, int maxIdlePolls, Duration pollTimeout) {
        for (var it = remaining.iterator(); it.hasNext(); ) {
            TopicPartition tp = it.next();
            if (consumer.position(tp) >= end.get(tp)) {
                consumer.pause(List.of(tp));
                it.remove();
            }
        }
        if (!remaining.isEmpty() && idle >= maxIdlePolls) {
            Map<Integer, String> at = new java.util.TreeMap<>();
            remaining.forEach(tp -> at.put(tp.partition(), consumer.position(tp) + " of " + end.get(tp)));
            throw new IllegalStateException("topic '" + topic + "': no records for " + idle + " polls of " + pollTimeout
                    + " before the end offsets captured at the start were reached (partition: position of end "
                    + at + ")");
        }
    }
}
