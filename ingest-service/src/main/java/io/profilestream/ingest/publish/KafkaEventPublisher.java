package io.profilestream.ingest.publish;

import io.profilestream.model.topic.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * {@link EventPublisher} over a Kafka {@link Producer} (idempotent, acks=all in production).
 * One deadline of {@code sendTimeout} covers both handing records to the producer and waiting for
 * their acknowledgements, so a request never waits much longer than that for a dead broker
 * (at most twice: a send begun just before the deadline may block max.block.ms, which is also the
 * send timeout). A {@link BrokerCircuit} makes requests fail at once while Kafka is known to be
 * away.
 *
 * @param <V> the value type of the topic
 */
public final class KafkaEventPublisher<V> implements EventPublisher<V>, AutoCloseable {

    private final Producer<String, V> producer;
    private final Topic<String, V> topic;
    private final Duration sendTimeout;
    private final BrokerCircuit circuit;

    /**
     * A publisher without short-circuit.
     *
     * @param producer    the producer; this publisher closes it
     * @param topic       where records go
     * @param sendTimeout the bound on one {@link #publish} call
     */
    public KafkaEventPublisher(Producer<String, V> producer, Topic<String, V> topic, Duration sendTimeout) {
        this(producer, topic, sendTimeout, BrokerCircuit.DISABLED);
    }

    /**
     * @param producer    the producer; this publisher closes it
     * @param topic       where records go
     * @param sendTimeout the bound on one {@link #publish} call
     * @param circuit     refuses sends at once while Kafka is known to be away; told every outcome
     */
    public KafkaEventPublisher(Producer<String, V> producer, Topic<String, V> topic, Duration sendTimeout,
                               BrokerCircuit circuit) {
        this.producer = producer;
        this.topic = topic;
        this.sendTimeout = sendTimeout;
        this.circuit = circuit;
    }

    @Override
    public PublishReport publish(List<OutboundRecord<V>> records, Runnable onSettled) {
        return send(records, onSettled).await();
    }

    /** {@link #send(List, Runnable)} for a caller that does not need to know when records settle. */
    public InFlight send(List<OutboundRecord<V>> records) {
        return send(records, () -> { });
    }

    /**
     * Hands every record to the producer without waiting for acknowledgements. After the first
     * failure the remaining records are not sent: the batch fails anyway and the client retries
     * all of it, so sending them would only add duplicates.
     *
     * @param onSettled runs once, when the producer has acknowledged or failed every record it was
     *                  handed (at once when none was): possibly on the producer's I/O thread,
     *                  possibly long after {@link InFlight#await} gave up waiting
     */
    public InFlight send(List<OutboundRecord<V>> records, Runnable onSettled) {
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        if (!circuit.tryPass()) {
            onSettled.run();
            return new InFlight(records.size(), List.of(), new BrokerCircuitOpenException(topic.name()), deadline, false);
        }
        // One count per record handed over plus one for this loop, so that callbacks arriving
        // while records are still being sent cannot settle the batch early.
        AtomicInteger unsettled = new AtomicInteger(1);
        Runnable settleOne = () -> {
            if (unsettled.decrementAndGet() == 0) {
                onSettled.run();
            }
        };
        List<Future<RecordMetadata>> futures = new ArrayList<>(records.size());
        RuntimeException failure = null;
        try {
            for (OutboundRecord<V> record : records) {
                if (failure != null) {
                    break;
                }
                if (System.nanoTime() - deadline > 0) {
                    failure = timeout();
                    break;
                }
                unsettled.incrementAndGet();
                SettleOnce settle = new SettleOnce(settleOne);
                try {
                    Future<RecordMetadata> future = producer.send(new ProducerRecord<>(topic.name(), null,
                            record.timestamp().toEpochMilli(), record.key(), record.value()), settle);
                    futures.add(future);
                    // A send that failed before reaching the network (metadata timeout) completes at once.
                    if (future.isDone()) {
                        failure = failureOf(future, 0);
                    }
                } catch (RuntimeException e) {
                    // Serialization errors, a closed producer, or a mock's injected send exception:
                    // the producer may not call back, so this record is settled here.
                    settle.onCompletion(null, e);
                    failure = e;
                }
            }
        } finally {
            settleOne.run();
        }
        return new InFlight(records.size(), futures, failure, deadline, true);
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

    /** Runs the settling action once, whether the producer calls back, throws, or both. */
    private static final class SettleOnce implements Callback {
        private final Runnable settle;
        private final AtomicBoolean done = new AtomicBoolean();

        SettleOnce(Runnable settle) {
            this.settle = settle;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (done.compareAndSet(false, true)) {
                settle.run();
            }
        }
    }

    /** Records handed to the producer whose acknowledgements have not been collected yet. */
    public final class InFlight {
        private final int size;
        private final List<Future<RecordMetadata>> futures;
        private final RuntimeException sendFailure;
        private final long deadline;
        private final boolean sent;

        private InFlight(int size, List<Future<RecordMetadata>> futures, RuntimeException sendFailure, long deadline,
                         boolean sent) {
            this.size = size;
            this.futures = futures;
            this.sendFailure = sendFailure;
            this.deadline = deadline;
            this.sent = sent;
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
            // Only a request that reached the producer tells the circuit anything about Kafka.
            if (sent) {
                circuit.record(failure);
            }
            return new PublishReport(size, stored, failure);
        }
    }
}
