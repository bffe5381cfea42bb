package io.profilestream.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.profilestream.model.config.KafkaProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProducerSettingsTest {

    @Test
    void shouldConfigureAnIdempotentProducerBoundedByTheSendTimeoutOnTopOfTheClientMap() {
        KafkaProperties kafka = new KafkaProperties("broker-1:9093,broker-2:9093",
                Map.of("security.protocol", "SSL", "acks", "1", "ssl.truststore.location", "/etc/kafka/ts.p12"));
        IngestProperties ingest = new IngestProperties(1_048_576, 500, Duration.ofSeconds(7), Duration.ofSeconds(5));

        assertThat(ProducerSettings.of(kafka, ingest, "ingest-service-raw-events")).containsOnly(
                entry("bootstrap.servers", "broker-1:9093,broker-2:9093"),
                entry("client.id", "ingest-service-raw-events"),
                entry("security.protocol", "SSL"),
                entry("ssl.truststore.location", "/etc/kafka/ts.p12"),
                entry("enable.idempotence", true),
                entry("acks", "all"),
                entry("linger.ms", 5),
                entry("max.block.ms", 7000),
                entry("delivery.timeout.ms", 7000),
                entry("request.timeout.ms", 6995));
    }
}
