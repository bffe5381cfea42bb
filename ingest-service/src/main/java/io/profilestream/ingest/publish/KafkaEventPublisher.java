package io.profilestream.ingest.publish;

import io.profilestream.model.topic.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * {@link EventPublisher} over a Kafka {@link Producer} (idempotent, acks=all in production).
 * One deadline of {@code sendTimeout} covers both handing records to the producer and waiting for
 * their acknowledgements, so a request never waits much longer than that for a dead broker.
 *
 * @param <V> the value type of the topic
 */
public final class KafkaEventPublisher<V> implements EventPublisher<V>, AutoCloseable {

    private final Producer<String, V> producer;
    private final Topic<String, V> topic;
    private final Duration sendTimeout;

    /**
     * @param producer    the producer; this publisher closes it
     * @param topic       where records go
     * @param sendTimeout the bound on one {@link #publish} call
     */
    public KafkaEventPublisher(Producer<String, V> producer, Topic<String, V> topic, Duration sendTimeout) {
        this.producer = producer;
        this.topic = topic;
        this.sendTimeout = sendTimeout;
    }

    @Override
    public PublishReport publish(List<OutboundRecord<V>> records) {
        return send(records).await();
    }

    /**
     * Hands every record to the producer without waiting for acknowledgements. After the first
     * failure the remaining records are not sent: the batch fails anyway and the client retries
     * all of it, so sending them would only add duplicates.
     */
    public InFlight send(List<OutboundRecord<V>> records) {
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        List<Future<RecordMetadata>> futures = new ArrayList<>(records.size());
        RuntimeException failure = null;
        for (OutboundRecord<V> record : records) {
            if (failure != null) {
                break;
            }
            if (System.nanoTime() - deadline > 0) {
                failure = timeout();
                break;
            }
            try {
                Future<RecordMetadata> future = producer.send(new ProducerRecord<>(topic.name(), null,
                        record.timestamp().toEpochMilli(), record.key(), record.value()));
                futures.add(future);
                // A send that failed before reaching the network (metadata timeout) completes at once.
                if (future.isDone()) {
                    failure = failureOf(future, 0);
                }
            } catch (RuntimeException e) {
                // Serialization errors, a closed producer, or a mock's injected send exception.
                failure = e;
            }
        }
        return new InFlight(records.size(), futures, failure, deadline);
    }

    /** Closes the producer, waiting at most the send timeout for records still in flight. */
    @Override
    public void close() {
        producer.close(sendTimeout);
    }

    private RuntimeException timeout() {
        return new TimeoutException("no acknowledgement from Kafka for topic " + topic.name() + " within " + sendTimeout);
    }

    /** The failure of a future, or null if it succeeded within {@code waitNanos}. */
    private RuntimeException failureOf(Future<RecordMetadata> future, long waitNanos) {
        try {
            future.get(Math.max(0, waitNanos), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause() instanceof RuntimeException r ? r : new KafkaException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            return timeout();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new InterruptException(e);
        }
    }

    /** Records handed to the producer whose acknowledgements have not been collected yet. */
    public final class InFlight {
        private final int size;
        private final List<Future<RecordMetadata>> futures;
        private final RuntimeException sendFailure;
        private final long deadline;

        private InFlight(int size, List<Future<RecordMetadata>> futures, RuntimeException sendFailure, long deadline) {
            this.size = size;
            this.futures = futures;
            this.sendFailure = sendFailure;
            this.deadline = deadline;
        }

        /** Waits, until the deadline set by {@link #send}, for every acknowledgement. */
        public PublishReport await() {
            BitSet stored = new BitSet(size);
            RuntimeException failure = sendFailure;
            for (int i = 0; i < futures.size(); i++) {
                RuntimeException f = failureOf(futures.get(i), deadline - System.nanoTime());
                if (f == null) {
                    stored.set(i);
                } else if (failure == null) {
                    failure = f;
                }
            }
            return new PublishReport(size, stored, failure);
        }
    }
}
