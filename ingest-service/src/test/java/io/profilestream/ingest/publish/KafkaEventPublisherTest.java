package io.profilestream.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.event.ItemUpdate;
import io.profilestream.model.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class KafkaEventPublisherTest {

    private static final Instant AT = Instant.parse("2025-03-01T10:15:30.123Z");
    private static final String TOPIC = Topics.ITEMS.name();

    private final MockProducer<String, ItemUpdate> producer = new MockProducer<>(false, null,
            Topics.ITEMS.keySerde().serializer(), Topics.ITEMS.valueSerde().serializer());
    private final KafkaEventPublisher<ItemUpdate> publisher =
            new KafkaEventPublisher<>(producer, Topics.ITEMS, Duration.ofSeconds(10));

    private static ItemUpdate item(String id) {
        return new ItemUpdate(id, "books", null, null, null, true, AT);
    }

    private static List<OutboundRecord<ItemUpdate>> records(String... ids) {
        return java.util.Arrays.stream(ids).map(id -> new OutboundRecord<>(id, item(id), AT)).toList();
    }

    @Test
    void shouldSendEveryRecordToTheTopicWithItsKeyAndTimestampAndReportAllStored() {
        KafkaEventPublisher<ItemUpdate>.InFlight inFlight = publisher.send(records("a", "b"));
        producer.completeNext();
        producer.completeNext();

        PublishReport report = inFlight.await();

        assertThat(producer.history()).containsExactly(
                new ProducerRecord<>(TOPIC, null, AT.toEpochMilli(), "a", item("a")),
                new ProducerRecord<>(TOPIC, null, AT.toEpochMilli(), "b", item("b")));
        assertThat(report).isEqualTo(PublishReport.allStored(2));
        assertThat(report.allStored()).isTrue();
    }

    @Test
    void shouldReportWhichRecordsWereStoredWhenTheBrokerFailsOne() {
        KafkaEventPublisher<ItemUpdate>.InFlight inFlight = publisher.send(records("a", "b", "c"));
        producer.completeNext();
        NotEnoughReplicasException failure = new NotEnoughReplicasException("1 of 3 in sync");
        producer.errorNext(failure);
        producer.completeNext();

        PublishReport report = inFlight.await();

        assertThat(report.storedPositions()).containsExactly(0, 2);
        assertThat(report.failure()).isSameAs(failure);
        assertThat(report.retriable()).isTrue();
    }

    @Test
    void shouldReportPermanentFailuresAsNotRetriable() {
        KafkaEventPublisher<ItemUpdate>.InFlight inFlight = publisher.send(records("a"));
        producer.errorNext(new RecordTooLargeException("too large"));

        PublishReport report = inFlight.await();

        assertThat(report.storedPositions()).isEmpty();
        assertThat(report.retriable()).isFalse();
    }

    @Test
    void shouldGiveUpWhenNoAcknowledgementArrivesWithinTheSendTimeout() {
        KafkaEventPublisher<ItemUpdate> impatient =
                new KafkaEventPublisher<>(producer, Topics.ITEMS, Duration.ofMillis(50));
        KafkaEventPublisher<ItemUpdate>.InFlight inFlight = impatient.send(records("a", "b"));
        producer.completeNext();

        PublishReport report = inFlight.await();

        assertThat(report.storedPositions()).containsExactly(0);
        assertThat(report.failure()).isInstanceOf(TimeoutException.class)
                .hasMessage("no acknowledgement from Kafka for topic profilestream.items.v1 within PT0.05S");
        assertThat(report.retriable()).isTrue();
    }

    @Test
    void shouldStopSendingAfterTheFirstSendThatFailsImmediately() {
        AtomicInteger serialized = new AtomicInteger();
        Serializer<ItemUpdate> failingOnSecond = (topic, value) -> {
            if (serialized.incrementAndGet() == 2) {
                throw new SerializationException("cannot serialize");
            }
            return new byte[0];
        };
        MockProducer<String, ItemUpdate> mock =
                new MockProducer<>(true, null, Topics.ITEMS.keySerde().serializer(), failingOnSecond);

        PublishReport report = new KafkaEventPublisher<>(mock, Topics.ITEMS, Duration.ofSeconds(10))
                .publish(records("a", "b", "c"));

        assertThat(serialized).hasValue(2);
        assertThat(mock.history()).extracting(ProducerRecord::key).containsExactly("a");
        assertThat(report.storedPositions()).containsExactly(0);
        assertThat(report.failure()).isInstanceOf(SerializationException.class);
        assertThat(report.retriable()).isFalse();
    }

    @Test
    void shouldTreatASynchronousSendTimeoutAsRetriable() {
        producer.sendException = new TimeoutException("Topic profilestream.items.v1 not present in metadata after 10000 ms.");

        PublishReport report = publisher.publish(records("a", "b"));

        assertThat(producer.history()).isEmpty();
        assertThat(report.storedPositions()).isEmpty();
        assertThat(report.retriable()).isTrue();
    }

    @Test
    void shouldCloseTheProducer() {
        publisher.close();

        assertThat(producer.closed()).isTrue();
    }
}
