package io.profilestream.localstack.bench;

import io.profilestream.model.topic.Topics;
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

    /**
     * Each application's input on the path an event takes to the recommendations: raw events into
     * the filter, clean events into the updater, profiles into the recommender.
     */
    static final Map<String, String> PIPELINE_INPUTS = pipelineInputs();

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

    /**
     * Offsets each application has committed on its {@link #PIPELINE_INPUTS} topic, summed over
     * partitions: the difference of two calls is what it processed in between (plus, under
     * exactly-once, up to one transaction marker per partition and commit).
     */
    Map<String, Long> committedInputs() throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> input : PIPELINE_INPUTS.entrySet()) {
            long sum = 0;
            for (var e : admin.listConsumerGroupOffsets(input.getKey()).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).entrySet()) {
                if (e.getKey().topic().equals(input.getValue()) && e.getValue() != null) {
                    sum += e.getValue().offset();
                }
            }
            out.put(input.getKey(), sum);
        }
        return out;
    }

    private static Map<String, String> pipelineInputs() {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put(GROUPS.get(0), Topics.RAW_EVENTS.name());
        inputs.put(GROUPS.get(1), Topics.CLEAN_EVENTS.name());
        inputs.put(GROUPS.get(2), Topics.PROFILES.name());
        return java.util.Collections.unmodifiableMap(inputs);
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
