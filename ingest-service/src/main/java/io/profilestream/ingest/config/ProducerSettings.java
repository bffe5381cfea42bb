package io.profilestream.ingest.config;

import io.profilestream.model.config.KafkaProperties;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The producer configuration every ingest publisher uses. */
public final class ProducerSettings {

    /** Small enough not to add visible latency, large enough to batch the records of one request. */
    public static final int LINGER_MS = 5;

    private ProducerSettings() {
    }

    /**
     * Producer properties: the shared client map (TLS/SASL...) first, then the settings this
     * service's delivery guarantee depends on, which the client map cannot override.
     *
     * @param kafka    bootstrap servers and extra client properties
     * @param ingest   supplies the send timeout
     * @param clientId client.id, so broker logs and quotas tell the producers apart
     */
    public static Map<String, Object> of(KafkaProperties kafka, IngestProperties ingest, String clientId) {
        int timeoutMs = Math.toIntExact(ingest.sendTimeout().toMillis());
        Map<String, Object> config = new HashMap<>(kafka.client());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
        // Kafka refuses delivery.timeout.ms < linger.ms + request.timeout.ms.
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1, timeoutMs - LINGER_MS));
        return config;
    }
}
