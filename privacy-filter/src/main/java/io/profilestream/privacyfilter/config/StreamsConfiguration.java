package io.profilestream.privacyfilter.config;

import org.springframework.context.annotation.Import;
import io.profilestream.model.retention.PurgeConfiguration;
import io.profilestream.model.config.KafkaProperties;
import io.profilestream.model.config.StreamsProperties;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.streams.ManagedKafkaStreams;
import io.profilestream.model.streams.PoisonRecordHandler;
import io.profilestream.model.streams.StreamsConfigFactory;
import io.profilestream.model.streams.KafkaStreamsHealthIndicator;
import io.profilestream.model.streams.KafkaStreamsLivenessIndicator;
import io.profilestream.privacyfilter.topology.PrivacyFilterTopology;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Properties;
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

    /**
     * The Streams client; started by Spring after every bean (and so every config check) is ready.
     * Its metrics and the topology's event counts and latency go to the application's registry
     * (a context without one, as in configuration tests, gets a registry of its own).
     */
    @Bean
    public ManagedKafkaStreams managedKafkaStreams(KafkaProperties kafka, StreamsProperties streams,
                                                   FilterProperties filter, Pseudonymizer pseudonymizer,
                                                   KeyRotation rotation, ObjectProvider<MeterRegistry> registry) {
        MeterRegistry meters = registry.getIfAvailable();
        return new ManagedKafkaStreams(
                PrivacyFilterTopology.build(new PrivacyFilterTopology.Deps(filter, pseudonymizer, rotation.previous(),
                        Clock.systemUTC(), meters != null ? meters : new SimpleMeterRegistry())),
                streamsConfig(kafka, streams, filter), meters);
    }

    /**
     * The shared Streams configuration, with this service's dead-letter payload setting applied
     * to the shared poison-record handler too (a record no processor can read or process).
     */
    static Properties streamsConfig(KafkaProperties kafka, StreamsProperties streams, FilterProperties filter) {
        Properties properties = StreamsConfigFactory.create(kafka, streams);
        properties.put(PoisonRecordHandler.KEEP_PAYLOADS_CONFIG, Boolean.toString(filter.deadLetterPayloads()));
        return properties;
    }

    /** Health contributor {@code kafkaStreams} (readiness): UP only while the client is RUNNING. */
    @Bean
    public HealthIndicator kafkaStreams(ManagedKafkaStreams managedKafkaStreams) {
        return new KafkaStreamsHealthIndicator(managedKafkaStreams);
    }

    /** Health contributor {@code kafkaStreamsAlive} (liveness): DOWN only once the client has died. */
    @Bean
    public HealthIndicator kafkaStreamsAlive(ManagedKafkaStreams managedKafkaStreams) {
        return new KafkaStreamsLivenessIndicator(managedKafkaStreams);
    }
}
