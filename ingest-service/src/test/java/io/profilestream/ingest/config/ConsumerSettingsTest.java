package io.profilestream.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.profilestream.model.config.KafkaProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsumerSettingsTest {

    @Test
    void shouldReadCommittedWithoutAGroupOnTopOfTheClientMap() {
        KafkaProperties kafka = new KafkaProperties("broker-1:9093",
                Map.of("security.protocol", "SSL", "group.id", "someone-elses", "isolation.level", "read_uncommitted"));

        assertThat(ConsumerSettings.of(kafka, "ingest-service-erasure-status-view")).containsOnly(
                entry("bootstrap.servers", "broker-1:9093"),
                entry("client.id", "ingest-service-erasure-status-view"),
                entry("security.protocol", "SSL"),
                entry("enable.auto.commit", false),
                entry("isolation.level", "read_committed"),
                entry("auto.offset.reset", "earliest"));
    }
}
