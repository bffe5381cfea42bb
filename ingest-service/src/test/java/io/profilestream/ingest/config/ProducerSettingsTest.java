package io.profilestream.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.profilestream.model.config.KafkaProperties;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class ProducerSettingsTest {

    private static IngestProperties ingest(Duration sendTimeout, int maxInFlightBytes) {
        return new IngestProperties(1_048_576, 500, sendTimeout, Duration.ofSeconds(5),
                maxInFlightBytes, Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void shouldConfigureAnIdempotentProducerBoundedByTheSendTimeoutOnTopOfTheClientMap() {
        KafkaProperties kafka = new KafkaProperties("broker-1:9093,broker-2:9093",
                Map.of("security.protocol", "SSL", "acks", "1", "ssl.truststore.location", "/etc/kafka/ts.p12",
                        "max.block.ms", "60000", "buffer.memory", "1073741824", "enable.idempotence", "false"));

        assertThat(ProducerSettings.of(kafka, ingest(Duration.ofSeconds(7), 33_554_432), "ingest-service-raw-events"))
                .containsOnly(
                entry("bootstrap.servers", "broker-1:9093,broker-2:9093"),
                entry("client.id", "ingest-service-raw-events"),
                entry("security.protocol", "SSL"),
                entry("ssl.truststore.location", "/etc/kafka/ts.p12"),
                entry("enable.idempotence", true),
                entry("acks", "all"),
                entry("linger.ms", 5),
                entry("max.block.ms", 7000),
                entry("delivery.timeout.ms", 7000),
                entry("request.timeout.ms", 6995),
                entry("buffer.memory", 67_108_864L));
    }

    @Test
    void shouldGiveTheProducerABufferOfTwiceTheInFlightBound() {
        Map<String, Object> config = ProducerSettings.of(new KafkaProperties("b:9092", Map.of()),
                ingest(Duration.ofSeconds(10), 4_096), "c");

        assertThat(config.get(ProducerConfig.BUFFER_MEMORY_CONFIG)).isEqualTo(8_192L);
    }

    @Test
    void shouldBeAConfigurationKafkaProducerAcceptsWithTheSendTimeoutAsEveryBound() {
        Map<String, Object> settings = ProducerSettings.of(new KafkaProperties("127.0.0.1:9", Map.of()),
                ingest(Duration.ofSeconds(1), 33_554_432), "c");
        // KafkaProducer itself refuses delivery.timeout.ms < linger.ms + request.timeout.ms.
        new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer()).close(Duration.ZERO);

        Map<String, Object> withSerializers = new HashMap<>(settings);
        withSerializers.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        withSerializers.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        ProducerConfig config = new ProducerConfig(withSerializers);
        assertThat(config.getInt(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)).isEqualTo(1000);
        assertThat(config.getInt(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)).isEqualTo(995);
        assertThat(config.getLong(ProducerConfig.MAX_BLOCK_MS_CONFIG)).isEqualTo(1000L);
        assertThat(config.getLong(ProducerConfig.BUFFER_MEMORY_CONFIG)).isEqualTo(67_108_864L);
        assertThat(config.getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isTrue();
        assertThat(config.getString(ProducerConfig.ACKS_CONFIG)).isEqualTo("-1");
    }
}
