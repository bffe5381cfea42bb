package io.profilestream.trainer.data;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
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
        BoundedRead read = BoundedRead.start(consumer, topic,
                since == null ? BoundedRead.StartOffsets.beginning(consumer) : (partitions, end) -> {
                    Map<TopicPartition, Long> query = new HashMap<>();
                    partitions.forEach(tp -> query.put(tp, since.toEpochMilli()));
                    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
                    // No record at or after 'since': nothing to read in this partition.
                    Map<TopicPartition, Long> from = new HashMap<>();
                    partitions.forEach(tp -> from.put(tp, found.get(tp) == null ? end.get(tp) : found.get(tp).offset()));
                    return from;
                });
        long sinceMs = since == null ? Long.MIN_VALUE : since.toEpochMilli();
        Map<Integer, List<Read<V>>> values = new HashMap<>();
        long[] beforeSince = {0};
        long[] undecodable = {0};
        List<Undecodable> described = new ArrayList<>();
        read.forEach(r -> {
            if (r.timestamp() < sinceMs) {
                beforeSince[0]++;
                return;
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
                undecodable[0]++;
                if (described.size() < DESCRIBED_UNDECODABLE) {
                    described.add(new Undecodable(r.partition(), r.offset(), reason));
                }
            } else {
                String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
                values.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(new Read<>(key, r.timestamp(), value));
            }
        }, pollTimeout, maxIdlePolls);
        List<Read<V>> all = new ArrayList<>();
        read.partitions().forEach(tp -> all.addAll(values.getOrDefault(tp.partition(), List.of())));
        return new Result<>(all, read.endOffsets(), beforeSince[0], undecodable[0], List.copyOf(described));
    }
}
