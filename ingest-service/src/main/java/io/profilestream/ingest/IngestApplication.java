package io.profilestream.ingest;

import io.profilestream.ingest.config.IngestProperties;
import io.profilestream.model.config.KafkaProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Accepts shop events and catalogue updates over HTTP and writes them to Kafka. */
@SpringBootApplication
@EnableConfigurationProperties({IngestProperties.class, KafkaProperties.class})
public class IngestApplication {

    public static void main(String[] args) {
        SpringApplication.run(IngestApplication.class, args);
    }
}
