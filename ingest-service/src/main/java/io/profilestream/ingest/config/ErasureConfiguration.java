package io.profilestream.ingest.config;

import io.profilestream.ingest.erasure.ErasureStatusConsumerFactory;
import io.profilestream.ingest.erasure.ErasureStatusView;
import io.profilestream.ingest.erasure.UserErasures;
import io.profilestream.ingest.publish.KafkaEventPublisher;
import io.profilestream.model.config.KafkaProperties;
import io.profilestream.model.config.PrivacyProperties;
import io.profilestream.model.erasure.ErasureRequest;
import io.profilestream.model.erasure.ErasureStatus;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.topic.Topics;
import java.time.Clock;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Wires the right to erasure: the pseudonymizer (statuses are keyed by the user's pseudonym), the
 * producers of the erasure-request and erasure-status topics, and the in-memory status view.
 */
@Configuration(proxyBeanMethods = false)
public class ErasureConfiguration {

    /**
     * The same key as every other service, or pseudonyms would not match theirs. Refuses to start
     * without a key unless the {@code local} profile is active, like the privacy filter.
     */
    @Bean
    Pseudonymizer pseudonymizer(PrivacyProperties privacy, Environment environment) {
        return Pseudonymizer.fromProperties(privacy, environment.acceptsProfiles(Profiles.of("local")));
    }

    // destroyMethod "": the publisher closes the producer with a bounded timeout (see IngestConfiguration).
    @Bean(destroyMethod = "")
    Producer<String, ErasureStatus> erasureStatusProducer(KafkaProperties kafka, IngestProperties ingest) {
        return new KafkaProducer<>(ProducerSettings.of(kafka, ingest, "ingest-service-erasure-status"),
                Topics.ERASURE_STATUS.keySerde().serializer(), Topics.ERASURE_STATUS.valueSerde().serializer());
    }

    @Bean(destroyMethod = "")
    Producer<String, ErasureRequest> erasureRequestProducer(KafkaProperties kafka, IngestProperties ingest) {
        return new KafkaProducer<>(ProducerSettings.of(kafka, ingest, "ingest-service-erasure-requests"),
                Topics.ERASURE_REQUESTS.keySerde().serializer(), Topics.ERASURE_REQUESTS.valueSerde().serializer());
    }

    @Bean
    KafkaEventPublisher<ErasureStatus> erasureStatusPublisher(Producer<String, ErasureStatus> erasureStatusProducer,
                                                              IngestProperties ingest) {
        return new KafkaEventPublisher<>(erasureStatusProducer, Topics.ERASURE_STATUS, ingest.sendTimeout());
    }

    @Bean
    KafkaEventPublisher<ErasureRequest> erasureRequestPublisher(Producer<String, ErasureRequest> erasureRequestProducer,
                                                                IngestProperties ingest) {
        return new KafkaEventPublisher<>(erasureRequestProducer, Topics.ERASURE_REQUESTS, ingest.sendTimeout());
    }

    /** Opens a real consumer per view start; tests replace this bean to read from a MockConsumer. */
    @Bean
    ErasureStatusConsumerFactory erasureStatusConsumerFactory(KafkaProperties kafka) {
        return () -> new KafkaConsumer<>(ConsumerSettings.of(kafka, "ingest-service-erasure-status-view"),
                Topics.ERASURE_STATUS.keySerde().deserializer(), Topics.ERASURE_STATUS.valueSerde().deserializer());
    }

    /** Started and stopped with the application (it is a SmartLifecycle). */
    @Bean
    ErasureStatusView erasureStatusView(ErasureStatusConsumerFactory erasureStatusConsumerFactory) {
        return new ErasureStatusView(erasureStatusConsumerFactory);
    }

    @Bean
    UserErasures userErasures(Pseudonymizer pseudonymizer, KafkaEventPublisher<ErasureStatus> erasureStatusPublisher,
                              KafkaEventPublisher<ErasureRequest> erasureRequestPublisher, ErasureStatusView erasureStatusView,
                              Clock clock) {
        return new UserErasures(pseudonymizer, erasureStatusPublisher, erasureRequestPublisher, erasureStatusView, clock);
    }
}
