package io.profilestream.ingest;

import io.profilestream.ingest.config.IngestProperties;
import io.profilestream.model.config.KafkaProperties;
import io.profilestream.model.config.PrivacyProperties;
import io.profilestream.model.security.ApiKeyProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Accepts shop events and catalogue updates over HTTP and writes them to Kafka, and accepts and
 * reports on right-to-erasure requests.
 */
@SpringBootApplication
@EnableConfigurationProperties({IngestProperties.class, ApiKeyProperties.class, KafkaProperties.class,
        PrivacyProperties.class})
public class IngestApplication {

    /** Starts the service. */
    public static void main(String[] args) {
        SpringApplication.run(IngestApplication.class, args);
    }
}
