package io.profilestream.ingest.config;

import io.profilestream.model.config.KafkaProperties;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/** The configuration of ingest's one consumer, the reader of the erasure-status topic. */
public final class ConsumerSettings {

    private ConsumerSettings() {
    }

    /**
     * Consumer properties: the shared client map (TLS/SASL...) first, then the settings the status
     * view depends on, which the client map cannot override.
     *
     * @param kafka    bootstrap servers and extra client properties
     * @param clientId client.id, so broker logs and quotas tell the clients apart
     */
    public static Map<String, Object> of(KafkaProperties kafka, String clientId) {
        Map<String, Object> config = new HashMap<>(kafka.client());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        // Every ingest replica reads the whole topic into memory: no group, no committed offsets.
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // The Streams services write their statuses in exactly-once transactions; an aborted
        // transaction's "completed" must never be shown.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // If compaction or retention removes the offset being read, start over rather than fail.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return config;
    }
}
