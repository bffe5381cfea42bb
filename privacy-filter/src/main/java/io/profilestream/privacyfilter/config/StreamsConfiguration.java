package io.profilestream.privacyfilter.config;

import org.springframework.context.annotation.Import;
import io.profilestream.model.retention.PurgeConfiguration;
import io.profilestream.model.config.KafkaProperties;
import io.profilestream.model.config.StreamsProperties;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.streams.ManagedKafkaStreams;
import io.profilestream.model.streams.StreamsConfigFactory;
import io.profilestream.model.streams.KafkaStreamsHealthIndicator;
import io.profilestream.privacyfilter.topology.PrivacyFilterTopology;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Runs {@link PrivacyFilterTopology} for the lifetime of the application and reports its health. */
@Configuration(proxyBeanMethods = false)
// Deletes the consumed part of the time-retained topics this service writes (docs/PRIVACY.md).
@Import(PurgeConfiguration.class)
@EnableConfigurationProperties({KafkaProperties.class, StreamsProperties.class, FilterProperties.class})
public class StreamsConfiguration {

    /** The Streams client; started by Spring after every bean (and so every config check) is ready. */
    @Bean
    public ManagedKafkaStreams managedKafkaStreams(KafkaProperties kafka, StreamsProperties streams,
                                                   FilterProperties filter, Pseudonymizer pseudonymizer,
                                                   KeyRotation rotation, ObjectProvider<MeterRegistry> registry) {
        return new ManagedKafkaStreams(
                PrivacyFilterTopology.build(filter, pseudonymizer, rotation.previous(), Clock.systemUTC()),
                StreamsConfigFactory.create(kafka, streams), registry.getIfAvailable());
    }

    /** Health contributor {@code kafkaStreams}: UP only while the client is RUNNING. */
    @Bean
    public HealthIndicator kafkaStreams(ManagedKafkaStreams managedKafkaStreams) {
        return new KafkaStreamsHealthIndicator(managedKafkaStreams);
    }
}
