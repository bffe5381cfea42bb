package io.profilestream.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * How an operator's environment variables reach {@link KafkaProperties#client()}, bound as the
 * services bind it (Spring's relaxed binding of the system environment, with placeholders).
 */
class KafkaPropertiesBindingTest {

    private static KafkaProperties bind(Map<String, Object> variables) {
        // Spring Boot maps names the environment way (FOO_BAR to foo.bar) for sources named *-systemEnvironment.
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                "test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return Binder.get(environment).bind("profilestream.kafka", KafkaProperties.class).get();
    }

    @Test
    void shouldBindSaslSslSettingsFromEnvironmentVariablesToDottedKafkaConfigNames() {
        KafkaProperties kafka = bind(Map.of(
                "PROFILESTREAM_KAFKA_BOOTSTRAPSERVERS", "broker-1:9093",
                "PROFILESTREAM_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL",
                "PROFILESTREAM_KAFKA_CLIENT_SASL_MECHANISM", "SCRAM-SHA-512",
                "PROFILESTREAM_KAFKA_CLIENT_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/truststore.p12",
                "PROFILESTREAM_KAFKA_CLIENT_CONFIG_PROVIDERS", "file",
                "PROFILESTREAM_KAFKA_CLIENT_CONFIG_PROVIDERS_FILE_CLASS",
                "org.apache.kafka.common.config.provider.FileConfigProvider"));

        assertThat(kafka.bootstrapServers()).isEqualTo("broker-1:9093");
        assertThat(kafka.client()).containsOnly(
                entry("security.protocol", "SASL_SSL"),
                entry("sasl.mechanism", "SCRAM-SHA-512"),
                entry("ssl.truststore.location", "/etc/kafka/truststore.p12"),
                entry("config.providers", "file"),
                entry("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider"));
    }

    @Test
    void shouldPassAnEscapedKafkaConfigProviderReferenceOnUnresolved() {
        // Spring would read ${file:...} as its own placeholder (name "file", default "..."); a
        // leading backslash keeps it for Kafka's config provider.
        KafkaProperties kafka = bind(Map.of(
                "PROFILESTREAM_KAFKA_BOOTSTRAPSERVERS", "broker-1:9093",
                "PROFILESTREAM_KAFKA_CLIENT_SASL_JAAS_CONFIG", "\\${file:/etc/kafka/secrets/client.properties:sasl.jaas.config}"));

        assertThat(kafka.client()).containsOnly(
                entry("sasl.jaas.config", "${file:/etc/kafka/secrets/client.properties:sasl.jaas.config}"));
    }
}
