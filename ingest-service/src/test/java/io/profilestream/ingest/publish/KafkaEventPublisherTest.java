package io.profilestream.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.event.ItemUpdate;
import io.profilestream.model.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.Set;
import java.util.stream.Stream;

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

    @Test
    void shouldSettleOnlyOnceKafkaHasAnsweredEveryRecordEvenAfterTheCallerGaveUp() {
        AtomicInteger settled = new AtomicInteger();
        KafkaEventPublisher<ItemUpdate> impatient =
                new KafkaEventPublisher<>(producer, Topics.ITEMS, Duration.ofMillis(20));

        PublishReport report = impatient.publish(records("a", "b"), settled::incrementAndGet);

        // The caller has its 503; the records are still in the producer's hands.
        assertThat(report.storedPositions()).isEmpty();
        assertThat(settled).hasValue(0);
        producer.completeNext();
        assertThat(settled).hasValue(0);
        producer.errorNext(new TimeoutException("Expiring 1 record(s)"));
        assertThat(settled).hasValue(1);
    }

    @Test
    void shouldSettleOnceWhenEveryRecordIsAcknowledged() {
        AtomicInteger settled = new AtomicInteger();
        KafkaEventPublisher<ItemUpdate>.InFlight inFlight = publisher.send(records("a", "b", "c"), settled::incrementAndGet);
        producer.completeNext();
        producer.completeNext();
        assertThat(settled).hasValue(0);
        producer.completeNext();

        assertThat(inFlight.await()).isEqualTo(PublishReport.allStored(3));
        assertThat(settled).hasValue(1);
    }

    @Test
    void shouldSettleAtOnceWhenTheProducerThrowsInsteadOfCallingBack() {
        AtomicInteger settled = new AtomicInteger();
        producer.sendException = new TimeoutException("Topic profilestream.items.v1 not present in metadata after 10000 ms.");

        publisher.publish(records("a", "b"), settled::incrementAndGet);

        assertThat(settled).hasValue(1);
    }

    @Test
    void shouldSettleAtOnceWhenGivenNoRecord() {
        AtomicInteger settled = new AtomicInteger();

        assertThat(publisher.publish(List.of(), settled::incrementAndGet)).isEqualTo(PublishReport.allStored(0));
        assertThat(settled).hasValue(1);
    }

    @Test
    void shouldRefuseWithoutSendingWhileTheCircuitIsOpenAndSendAgainOnceAProbeIsStored() {
        AtomicLong now = new AtomicLong();
        BrokerCircuit circuit = new BrokerCircuit(Duration.ofSeconds(2), Duration.ofSeconds(20), now::get);
        MockProducer<String, ItemUpdate> auto = new MockProducer<>(true, null,
                Topics.ITEMS.keySerde().serializer(), Topics.ITEMS.valueSerde().serializer());
        auto.sendException = new TimeoutException("Topic profilestream.items.v1 not present in metadata after 10000 ms.");
        KafkaEventPublisher<ItemUpdate> guarded = new KafkaEventPublisher<>(auto, Topics.ITEMS, Duration.ofSeconds(10), circuit);
        assertThat(guarded.publish(records("a")).failure()).isInstanceOf(TimeoutException.class);
        auto.sendException = null;
        AtomicInteger settled = new AtomicInteger();

        PublishReport refused = guarded.publish(records("b", "c"), settled::incrementAndGet);

        assertThat(auto.history()).isEmpty();
        assertThat(settled).hasValue(1);
        assertThat(refused.storedPositions()).isEmpty();
        assertThat(refused.failure()).isInstanceOf(BrokerCircuitOpenException.class)
                .hasMessage("not sent to profilestream.items.v1: a recent send timed out and Kafka has not answered a probe since");
        assertThat(refused.retriable()).isTrue();

        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(guarded.publish(records("d"))).isEqualTo(PublishReport.allStored(1));
        assertThat(guarded.publish(records("e"))).isEqualTo(PublishReport.allStored(1));
        assertThat(auto.history()).extracting(ProducerRecord::key).containsExactly("d", "e");
    }

    @Test
    void shouldOpenTheCircuitWhenAcknowledgementsDoNotArriveWithinTheSendTimeout() {
        BrokerCircuit circuit = new BrokerCircuit(Duration.ofSeconds(2), Duration.ofSeconds(20), () -> 0L);
        KafkaEventPublisher<ItemUpdate> guarded = new KafkaEventPublisher<>(producer, Topics.ITEMS, Duration.ofMillis(20), circuit);

        guarded.publish(records("a"));

        assertThat(circuit.isOpen()).isTrue();
        assertThat(guarded.publish(records("b")).failure()).isInstanceOf(BrokerCircuitOpenException.class);
        assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly("a");
    }

    /** Failures of Kafka or of the way to it: the client must send the same request again later. */
    static Stream<RuntimeException> brokerUnavailable() {
        return Stream.of(
                new TimeoutException("Expiring 1 record(s)"),
                new BufferExhaustedException("Failed to allocate 100 bytes within the configured max blocking time"),
                new NetworkException("disconnected"),
                new NotEnoughReplicasException("1 of 3 in sync"),
                new NotLeaderOrFollowerException("leader moved"),
                new UnknownTopicOrPartitionException("no such topic"),
                new TopicAuthorizationException(Set.of(TOPIC)),
                new ClusterAuthorizationException("no IDEMPOTENT_WRITE"),
                new AuthenticationException("SASL failed"),
                new ProducerFencedException("fenced"),
                interruptException(),
                new IllegalStateException("Cannot perform operation after producer has been closed"),
                new BrokerCircuitOpenException(TOPIC));
    }

    /** Kafka's InterruptException interrupts the thread that creates it; the test thread must not stay interrupted. */
    private static InterruptException interruptException() {
        InterruptException e = new InterruptException(new InterruptedException());
        Thread.interrupted();
        return e;
    }

    @ParameterizedTest
    @MethodSource("brokerUnavailable")
    void shouldReportBrokerFailuresAsRetriable(RuntimeException failure) {
        KafkaEventPublisher<ItemUpdate>.InFlight inFlight = publisher.send(records("a"));
        producer.errorNext(failure);

        PublishReport report = inFlight.await();

        assertThat(report.failure()).isSameAs(failure);
        assertThat(report.retriable()).isTrue();
    }

    /** Failures the same records meet again, or that are not Kafka's: a retry cannot help. */
    static Stream<RuntimeException> permanent() {
        return Stream.of(
                new RecordTooLargeException("too large"),
                new RecordBatchTooLargeException("batch too large"),
                new InvalidRecordException("compacted topic needs a key"),
                new SerializationException("cannot serialize"),
                new IllegalStateException("unexpected state"),
                new NullPointerException("bug"));
    }

    @ParameterizedTest
    @MethodSource("permanent")
    void shouldReportPermanentFailuresAsNotRetriable(RuntimeException failure) {
        KafkaEventPublisher<ItemUpdate>.InFlight inFlight = publisher.send(records("a"));
        producer.errorNext(failure);

        PublishReport report = inFlight.await();

        assertThat(report.failure()).isSameAs(failure);
        assertThat(report.retriable()).isFalse();
    }
}
