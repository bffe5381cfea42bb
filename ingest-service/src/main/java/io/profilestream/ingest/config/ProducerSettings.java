package io.profilestream.ingest.config;

import io.profilestream.model.config.KafkaProperties;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The producer configuration every ingest publisher uses. */
public final class ProducerSettings {

    /** Small enough not to add visible latency, large enough to batch the records of one request. */
    public static final int LINGER_MS = 5;

    /**
     * buffer.memory per producer, as a multiple of {@code max-in-flight-bytes}. Admission counts
     * request-body bytes, but a record takes more room than its JSON in the body: ingest adds
     * receivedAt and a normalised timestamp, and a batch reserves batch.size (16 KiB) per partition
     * it writes to. Twice the bound keeps the buffer from filling under admitted load for events
     * of a few hundred bytes; should a flood of tiny events fill it anyway, send() waits at most
     * max.block.ms and the request gets 503. Either way the producer's memory is bounded.
     */
    public static final int BUFFER_MEMORY_PER_IN_FLIGHT_BYTE = 2;

    private ProducerSettings() {
    }

    /**
     * Producer properties: the shared client map (TLS/SASL...) first, then the settings this
     * service's delivery guarantee depends on, which the client map cannot override: idempotence
     * with acks=all (a 2xx means every replica in sync has the record), and every wait bounded by
     * the send timeout: max.block.ms (metadata, a full buffer) and delivery.timeout.ms (retries
     * included), so a record the request gave up on is also given up by the producer at about the
     * same time instead of lingering in its buffer. buffer.memory is set explicitly, never
     * Kafka's default, so the producer's memory follows {@code max-in-flight-bytes}.
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
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, (long) BUFFER_MEMORY_PER_IN_FLIGHT_BYTE * ingest.maxInFlightBytes());
        return config;
    }
}
