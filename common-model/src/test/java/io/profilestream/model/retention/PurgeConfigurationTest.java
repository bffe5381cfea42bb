package io.profilestream.model.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.profilestream.model.config.KafkaProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PurgeConfigurationTest {

    @Test
    void shouldGiveThePurgersAdminClientTheSharedClientMapButItsOwnBootstrapAndClientId() {
        KafkaProperties kafka = new KafkaProperties("broker-1:9093", Map.of(
                "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "ssl.truststore.location", "/etc/kafka/truststore.p12",
                "client.id", "not-this-one", "bootstrap.servers", "nor-this:1"));

        assertThat(PurgeConfiguration.adminConfig(kafka, "ingest-service")).containsOnly(
                entry("bootstrap.servers", "broker-1:9093"),
                entry("client.id", "ingest-service-purger"),
                entry("security.protocol", "SASL_SSL"),
                entry("sasl.mechanism", "SCRAM-SHA-512"),
                entry("ssl.truststore.location", "/etc/kafka/truststore.p12"));
    }

    @Test
    void shouldLetKafkasFileConfigProviderReadTheSaslSecretFromAFile(@TempDir Path dir) throws Exception {
        Path secrets = dir.resolve("kafka-client.properties");
        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"ingest\" password=\"s3cr3t\";";
        Files.writeString(secrets, "sasl.jaas.config=" + jaas.replace("\\", "\\\\") + "\n");
        KafkaProperties kafka = new KafkaProperties("broker-1:9093", Map.of(
                "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "config.providers", "file",
                "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider",
                "sasl.jaas.config", "${file:" + secrets + ":sasl.jaas.config}"));

        AdminClientConfig config = new AdminClientConfig(PurgeConfiguration.adminConfig(kafka, "ingest-service"));

        assertThat(config.getPassword("sasl.jaas.config").value()).isEqualTo(jaas);
        assertThat(config.getString("security.protocol")).isEqualTo("SASL_SSL");
    }
}
