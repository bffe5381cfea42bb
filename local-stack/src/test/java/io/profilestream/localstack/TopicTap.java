package io.profilestream.localstack;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A consumer group that reads topics from "now" on, for tests that must see records the fleet
 * deletes once consumed. It commits its position at once, so the services' purgers count it as a
 * reader and keep every record it has not read yet: the same rule that protects any consumer an
 * operator adds. Closing it deletes the group, so it stops holding records back.
 */
final class TopicTap implements AutoCloseable {

    private final String bootstrap;
    private final String group;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();

    TopicTap(String bootstrap, String group, List<String> topics) {
        this.bootstrap = bootstrap;
        this.group = group;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        for (String topic : topics) {
            consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        commitPositions();
    }

    /** Every value written since the tap opened (or the last call), read up to the current end, as UTF-8 text. */
    List<String> drain() {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + partitions + " to their end within 60 s");
            }
            consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                if (r.value() != null) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            });
        }
        commitPositions();
        return values;
    }

    private void commitPositions() {
        Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
        partitions.forEach(tp -> positions.put(tp, new OffsetAndMetadata(consumer.position(tp))));
        consumer.commitSync(positions);
    }

    @Override
    public void close() throws Exception {
        consumer.close();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.deleteConsumerGroups(List.of(group)).all().get();
        }
    }
}
