package io.profilestream.localstack.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Records not yet committed by each Streams application on its input topics: end offset minus
 * committed offset, summed over partitions. Under exactly-once a fully caught-up application can
 * show up to one record per partition: the transaction marker after its last batch.
 */
final class ConsumerLag implements AutoCloseable {

    /** The fleet's Streams applications, in pipeline order. */
    static final List<String> GROUPS = List.of("privacy-filter", "profile-updater", "recommender-service");

    private final Admin admin;

    ConsumerLag(String bootstrapServers) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        admin = Admin.create(p);
    }

    /** Lag per group (records). */
    Map<String, Long> lag() throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String group : GROUPS) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (var e : committed.entrySet()) {
                lag += Math.max(0, ends.get(e.getKey()).offset() - (e.getValue() == null ? 0 : e.getValue().offset()));
            }
            out.put(group, lag);
        }
        return out;
    }

    /** Polls until every group's lag is at most {@code slack} records; false on timeout. */
    boolean awaitCaughtUp(long slack, long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (lag().values().stream().allMatch(l -> l <= slack)) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    @Override
    public void close() {
        admin.close();
    }
}
