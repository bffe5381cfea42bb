package io.profilestream.model.config;

import jakarta.validation.constraints.NotBlank;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How every service reaches Kafka ({@code profilestream.kafka.*}).
 *
 * @param bootstrapServers comma-separated host:port list
 * @param client           extra client properties passed through verbatim (security.protocol,
 *                         sasl.*, ssl.*): one place configures TLS/SASL for producers, consumers,
 *                         admin clients and Streams alike
 */
@Validated
@ConfigurationProperties("profilestream.kafka")
public record KafkaProperties(
        @NotBlank(message = "set profilestream.kafka.bootstrap-servers (e.g. 127.0.0.1:19092)") String bootstrapServers,
        @DefaultValue Map<String, String> client) {
}
