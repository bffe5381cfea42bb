package io.profilestream.ingest.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.profilestream.ingest.admission.InFlightBytes;
import io.profilestream.ingest.batch.BatchIngestor;
import io.profilestream.ingest.body.BatchBodyReader;
import io.profilestream.ingest.publish.BrokerCircuit;
import io.profilestream.ingest.publish.EventPublisher;
import io.profilestream.ingest.publish.KafkaEventPublisher;
import io.profilestream.ingest.validation.EventValidator;
import io.profilestream.ingest.validation.ItemValidator;
import io.profilestream.ingest.web.IngestMetrics;
import io.profilestream.model.config.KafkaProperties;
import io.profilestream.model.event.ItemUpdate;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.retention.PurgeConfiguration;
import io.profilestream.model.topic.Topic;
import io.profilestream.model.topic.Topics;
import io.profilestream.model.web.RequestIdConfiguration;
import java.time.Clock;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Wires body reading, validation and Kafka publishing for events and catalogue items. */
@Configuration(proxyBeanMethods = false)
// PurgeConfiguration deletes the consumed part of the time-retained topics this service writes
// (docs/PRIVACY.md); RequestIdConfiguration gives each request the id its log lines and answer carry.
@Import({PurgeConfiguration.class, RequestIdConfiguration.class})
public class IngestConfiguration {

    /** Receive time source; tests replace it with a fixed clock. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    IngestMetrics ingestMetrics(MeterRegistry registry) {
        return new IngestMetrics(registry);
    }

    /** Admission control of POST /v1/events and /v1/items; one bound for both, as they share the heap. */
    @Bean
    InFlightBytes inFlightBytes(IngestProperties ingest, IngestMetrics metrics) {
        InFlightBytes inFlight = new InFlightBytes(ingest.maxInFlightBytes(), ingest.maxBodyBytes());
        metrics.gaugeInFlight(inFlight);
        return inFlight;
    }

    /** The monotonic time of the short-circuits; tests replace it to move time by hand. */
    @Bean
    LongSupplier brokerCircuitTicker() {
        return System::nanoTime;
    }

    @Bean
    BatchBodyReader batchBodyReader(IngestProperties ingest) {
        return new BatchBodyReader(ingest.maxBodyBytes(), ingest.maxBatchSize());
    }

    // destroyMethod "": the publisher closes the producer with a bounded timeout, whereas
    // Spring's inferred close() would wait forever for unsent records.
    @Bean(destroyMethod = "")
    Producer<String, RawEvent> rawEventProducer(KafkaProperties kafka, IngestProperties ingest) {
        return producer(Topics.RAW_EVENTS, kafka, ingest, "ingest-service-raw-events");
    }

    @Bean(destroyMethod = "")
    Producer<String, ItemUpdate> itemProducer(KafkaProperties kafka, IngestProperties ingest) {
        return producer(Topics.ITEMS, kafka, ingest, "ingest-service-items");
    }

    @Bean
    KafkaEventPublisher<RawEvent> rawEventPublisher(Producer<String, RawEvent> rawEventProducer, IngestProperties ingest,
                                                    LongSupplier brokerCircuitTicker) {
        return new KafkaEventPublisher<>(rawEventProducer, Topics.RAW_EVENTS, ingest.sendTimeout(),
                circuit(ingest, brokerCircuitTicker));
    }

    @Bean
    KafkaEventPublisher<ItemUpdate> itemPublisher(Producer<String, ItemUpdate> itemProducer, IngestProperties ingest,
                                                  LongSupplier brokerCircuitTicker) {
        return new KafkaEventPublisher<>(itemProducer, Topics.ITEMS, ingest.sendTimeout(),
                circuit(ingest, brokerCircuitTicker));
    }

    // One circuit per producer: each has its own connections and metadata. A probe that never
    // reports (its thread died) is replaced after twice the send timeout, which bounds a real one.
    private static BrokerCircuit circuit(IngestProperties ingest, LongSupplier ticker) {
        return new BrokerCircuit(ingest.brokerBackoff(), ingest.sendTimeout().multipliedBy(2), ticker);
    }

    @Bean
    BatchIngestor<RawEvent> eventIngestor(EventPublisher<RawEvent> rawEventPublisher) {
        return new BatchIngestor<>(new EventValidator(), rawEventPublisher, RawEvent::userId);
    }

    @Bean
    BatchIngestor<ItemUpdate> itemIngestor(EventPublisher<ItemUpdate> itemPublisher) {
        return new BatchIngestor<>(new ItemValidator(), itemPublisher, ItemUpdate::itemId);
    }

    private static <V> Producer<String, V> producer(
            Topic<String, V> topic, KafkaProperties kafka, IngestProperties ingest, String clientId) {
        return new KafkaProducer<>(ProducerSettings.of(kafka, ingest, clientId),
                topic.keySerde().serializer(), topic.valueSerde().serializer());
    }
}
