package io.profilestream.recommender.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.profilestream.model.config.KafkaProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecommenderConfigurationTest {

    @Test
    void shouldGiveTheImpressionsProducerTheSharedClientMapUnderItsOwnDeliverySettings() {
        KafkaProperties kafka = new KafkaProperties("broker-1:9093", Map.of(
                "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "${file:/etc/kafka/secrets/client.properties:sasl.jaas.config}",
                "config.providers", "file",
                "acks", "1", "client.id", "not-this-one"));

        assertThat(RecommenderConfiguration.impressionProducerConfig(kafka)).containsOnly(
                entry("bootstrap.servers", "broker-1:9093"),
                entry("client.id", "recommender-service-impressions"),
                entry("security.protocol", "SASL_SSL"),
                entry("sasl.mechanism", "SCRAM-SHA-512"),
                entry("sasl.jaas.config", "${file:/etc/kafka/secrets/client.properties:sasl.jaas.config}"),
                entry("config.providers", "file"),
                entry("enable.idempotence", true),
                entry("acks", "all"),
                entry("linger.ms", 5),
                entry("max.block.ms", 100));
    }
}
