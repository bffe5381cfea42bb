package io.profilestream.localstack;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads whole topics of a running broker as bytes, for leak scans in integration tests. */
final class TopicScan {

    private TopicScan() {
    }

    /**
     * Reads every record (key, value, headers) of every topic except {@code skip} and the broker's
     * own, up to the end offsets at the time of the call, and asserts that none contains any of
     * {@code forbidden}. Transactional records are read committed, as every consumer of ours reads.
     *
     * @return records read per topic
     */
    static Map<String, Long> scan(String bootstrap, Set<String> skip, List<String> forbidden) throws Exception {
        List<String> topics;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            topics = admin.listTopics(new ListTopicsOptions().listInternal(false)).names().get().stream()
                    .filter(t -> !skip.contains(t)).sorted().toList();
        }
        Map<String, Long> counts = new HashMap<>();
        for (String topic : topics) {
            long n = 0;
            for (ConsumerRecord<byte[], byte[]> r : readAll(bootstrap, topic)) {
                StringBuilder text = new StringBuilder();
                if (r.key() != null) {
                    text.append(new String(r.key(), StandardCharsets.UTF_8)).append('\n');
                }
                if (r.value() != null) {
                    text.append(new String(r.value(), StandardCharsets.UTF_8)).append('\n');
                }
                for (Header h : r.headers()) {
                    text.append(h.key()).append('=').append(h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
                }
                String all = text.toString();
                for (String f : forbidden) {
                    assertThat(all).as("record %s-%d@%d", topic, r.partition(), r.offset()).doesNotContain(f);
                }
                n++;
            }
            counts.put(topic, n);
        }
        return counts;
    }

    /** The values of one topic as UTF-8 strings (tombstones left out). */
    static List<String> values(String bootstrap, String topic) {
        return readAll(bootstrap, topic).stream().filter(r -> r.value() != null)
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).collect(Collectors.toList());
    }

    /**
     * The latest value of every key of one topic whose key contains {@code keyPart}, read to the
     * end: what a compacted topic (or a store restored from its changelog) would hold for it. A
     * tombstone maps to null.
     */
    static Map<String, String> latestContaining(String bootstrap, String topic, String keyPart) {
        Map<String, String> latest = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(bootstrap, topic)) {
            // Window-store changelog keys are the string plus a binary window start; ISO-8859-1 keeps
            // every byte, so the pseudonym is found inside them too.
            String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.ISO_8859_1);
            if (key.contains(keyPart)) {
                latest.put(key, r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8));
            }
        }
        return latest;
    }

    /** Every value (tombstones left out) ever written under {@code key} that is still on the topic, as raw bytes. */
    static List<byte[]> valuesOfKey(String bootstrap, String topic, String key) {
        byte[] wanted = key.getBytes(StandardCharsets.UTF_8);
        return readAll(bootstrap, topic).stream()
                .filter(r -> r.value() != null && java.util.Arrays.equals(r.key(), wanted))
                .map(ConsumerRecord::value).collect(Collectors.toList());
    }

    /**
     * Every record still on {@code topic} whose key, value or headers contain one of {@code needles},
     * described as {@code partition@offset}.
     */
    static List<String> recordsMentioning(String bootstrap, String topic, List<String> needles) {
        List<String> found = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(bootstrap, topic)) {
            StringBuilder text = new StringBuilder();
            if (r.key() != null) {
                text.append(new String(r.key(), StandardCharsets.ISO_8859_1)).append('\n');
            }
            if (r.value() != null) {
                text.append(new String(r.value(), StandardCharsets.UTF_8)).append('\n');
            }
            for (Header h : r.headers()) {
                text.append(h.key()).append('=').append(h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
            }
            String all = text.toString();
            if (needles.stream().anyMatch(all::contains)) {
                found.add(r.partition() + "@" + r.offset());
            }
        }
        return found;
    }

    /** The earliest offset still on each partition of {@code topic}: above 0 once records were deleted. */
    static Map<TopicPartition, Long> earliestOffsets(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            return consumer.beginningOffsets(consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList());
        }
    }

    /** Every non-internal topic of the broker. */
    static List<String> topics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.listTopics(new ListTopicsOptions().listInternal(false)).names().get().stream().sorted().toList();
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 60 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }
}
