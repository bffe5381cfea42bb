package io.profilestream.profileupdater;

import org.springframework.context.annotation.Import;
import io.profilestream.model.retention.PurgeConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.model.config.KafkaProperties;
import io.profilestream.model.config.StreamsProperties;
import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.streams.ManagedKafkaStreams;
import io.profilestream.model.streams.StreamsConfigFactory;
import io.profilestream.model.streams.KafkaStreamsHealthIndicator;
import io.profilestream.model.streams.KafkaStreamsLivenessIndicator;
import io.profilestream.profileupdater.neural.NeuralStep;
import io.profilestream.profileupdater.profile.ProfileSettings;
import io.profilestream.profileupdater.profile.ProfileTopology;
import io.profilestream.profileupdater.query.ProfileForwarder;
import io.profilestream.profileupdater.query.ProfileQueryService;
import io.profilestream.profileupdater.query.RoutingProfileQueryService;
import io.profilestream.profileupdater.query.StreamsProfileStoreGateway;
import io.profilestream.profileupdater.text.TextSignalStep;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.state.HostInfo;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the Streams client, the profile queries and the Streams health indicators. Kept apart from
 * the application class so web-slice tests do not need Kafka settings.
 */
@Configuration(proxyBeanMethods = false)
// Deletes the consumed part of the time-retained topics this service writes (docs/PRIVACY.md).
@Import(PurgeConfiguration.class)
@EnableConfigurationProperties({KafkaProperties.class, StreamsProperties.class, ProfileSettings.class})
public class ProfileUpdaterConfiguration {

    /** A forwarded lookup is one local store read: an owner this slow is as good as down. */
    static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(2);

    /** The application defines no Clock bean; a test context may, to fix erasure confirmation times. */
    @Bean
    ManagedKafkaStreams managedKafkaStreams(KafkaProperties kafka, StreamsProperties streams, ProfileSettings settings,
                                            NeuralStep neuralStep, ObjectProvider<TextSignalStep> textStep,
                                            UserDataCipher cipher,
                                            ObjectProvider<MeterRegistry> registry, ObjectProvider<Clock> clock) {
        MeterRegistry meters = registry.getIfAvailable();
        return new ManagedKafkaStreams(ProfileTopology.build(
                        new ProfileTopology.Deps(settings, neuralStep, cipher, clock.getIfAvailable(Clock::systemUTC),
                                meters != null ? meters : new SimpleMeterRegistry(),
                                textStep.getIfAvailable(TextSignalStep::disabled))),
                streamsConfig(kafka, streams), meters);
    }

    /**
     * The shared Streams configuration: a record that cannot be read or processed goes to the
     * dead-letter topic without its content ({@link io.profilestream.model.streams.PoisonRecordHandler}).
     */
    static Properties streamsConfig(KafkaProperties kafka, StreamsProperties streams) {
        return StreamsConfigFactory.create(kafka, streams);
    }

    @Bean
    ProfileQueryService profileQueryService(ManagedKafkaStreams streams, StreamsProperties properties,
                                            UserDataCipher cipher) {
        return new RoutingProfileQueryService(
                new StreamsProfileStoreGateway(streams, selfHostInfo(properties.applicationServer()), cipher),
                new ProfileForwarder(FORWARD_TIMEOUT));
    }

    /** Named {@code kafkaStreams}: its component name under /actuator/health (readiness: UP only while RUNNING). */
    @Bean("kafkaStreams")
    HealthIndicator kafkaStreamsHealthIndicator(ManagedKafkaStreams streams) {
        return new KafkaStreamsHealthIndicator(streams);
    }

    /** Named {@code kafkaStreamsAlive}: the liveness component, DOWN only once the client has died. */
    @Bean("kafkaStreamsAlive")
    HealthIndicator kafkaStreamsLivenessIndicator(ManagedKafkaStreams streams) {
        return new KafkaStreamsLivenessIndicator(streams);
    }

    /** This instance's {@code host:port} for interactive-query routing, or null when it runs alone. */
    static HostInfo selfHostInfo(String applicationServer) {
        return applicationServer == null || applicationServer.isBlank() ? null : HostInfo.buildFromEndpoint(applicationServer.trim());
    }
}
