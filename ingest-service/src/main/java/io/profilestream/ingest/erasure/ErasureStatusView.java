package io.profilestream.ingest.erasure;

import io.profilestream.model.erasure.ErasureStatus;
import io.profilestream.model.topic.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Every service's latest erasure status per user, read from the compacted erasure-status topic
 * into memory by a background thread, so {@code GET /v1/users/{userId}/erasure} needs no store of
 * its own. Each ingest replica reads the whole topic (all partitions, from the beginning, no
 * consumer group): the topic holds one small record per user and service.
 *
 * <p>Reads use {@code read_committed} (see {@code ConsumerSettings}): the Streams services write
 * their confirmations in exactly-once transactions, and an aborted "completed" must never show.
 */
public final class ErasureStatusView implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ErasureStatusView.class);

    /** How long one poll waits for records; also bounds how long a shutdown waits for the thread. */
    static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);
    /** Pause after a failed assignment or poll, so a broken connection does not spin a core. */
    static final Duration RETRY_BACKOFF = Duration.ofSeconds(2);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final ErasureStatusConsumerFactory consumers;
    private final String topic = Topics.ERASURE_STATUS.name();

    /** userKey -> service -> latest status. Written by the poll thread only; inner maps are immutable. */
    private final ConcurrentMap<String, Map<String, ErasureStatus>> statuses = new ConcurrentHashMap<>();
    /**
     * Ingest's own REQUESTED statuses that the broker acknowledged but the poll thread has not read
     * back yet, per userKey, so a GET right after a DELETE sees the request (read-your-writes).
     */
    private final ConcurrentMap<String, ErasureStatus> ownWrites = new ConcurrentHashMap<>();
    /**
     * Makes reading a record back and recording an own write atomic with respect to each other.
     * Not {@code this}: stop() holds that monitor while it waits for the reading thread.
     */
    private final Object writeLock = new Object();

    /** End offsets when the partitions were assigned: the view is loaded once it has read up to them. */
    private Map<TopicPartition, Long> loadTarget = Map.of();
    private volatile boolean loaded;

    private Thread thread;
    private Consumer<String, ErasureStatus> consumer;
    private CountDownLatch stopSignal;

    /** @param consumers opens the consumer each {@link #start()} reads with */
    public ErasureStatusView(ErasureStatusConsumerFactory consumers) {
        this.consumers = consumers;
    }

    /** Opens a consumer and starts the thread that reads the topic into memory. */
    @Override
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        Consumer<String, ErasureStatus> opened = consumers.create();
        CountDownLatch signal = new CountDownLatch(1);
        consumer = opened;
        stopSignal = signal;
        thread = new Thread(() -> run(opened, signal), "erasure-status-view");
        thread.setDaemon(true);
        thread.start();
    }

    /** Wakes the reading thread out of its poll and waits for it to close the consumer. */
    @Override
    public synchronized void stop() {
        if (thread == null) {
            return;
        }
        stopSignal.countDown();
        consumer.wakeup();
        try {
            thread.join(POLL_TIMEOUT.plus(CLOSE_TIMEOUT).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("erasure-status reader did not stop within {}", POLL_TIMEOUT.plus(CLOSE_TIMEOUT));
        }
        thread = null;
        consumer = null;
    }

    /** Whether the reading thread has been started and not stopped. */
    @Override
    public synchronized boolean isRunning() {
        return thread != null;
    }

    /**
     * Whether the view has read the topic up to where it ended at start-up. Before that, a missing
     * request may just not have been read yet, so callers must not answer "not found".
     */
    public boolean isLoaded() {
        return loaded;
    }

    /**
     * The progress of the latest erasure of {@code userKey}: the request is the one in ingest's
     * latest status for the user, and only confirmations of that very request count.
     *
     * @return empty when no erasure of the user was requested (or it was removed from the topic)
     */
    public Optional<ErasureProgress> progress(String userKey) {
        Map<String, ErasureStatus> byService = statuses.getOrDefault(userKey, Map.of());
        ErasureStatus request = latest(byService.get(ErasureStatus.INGEST), ownWrites.get(userKey));
        return request == null ? Optional.empty() : Optional.of(ErasureProgress.of(request, byService));
    }

    /**
     * Records ingest's own status right after the broker acknowledged it, ahead of reading it back
     * from the topic, so an immediate GET never says 404.
     */
    public void recordOwnWrite(ErasureStatus status) {
        synchronized (writeLock) {
            ErasureStatus read = statuses.getOrDefault(status.userKey(), Map.of()).get(ErasureStatus.INGEST);
            // Already read back (the poll thread was quicker than the caller): nothing to bridge.
            if (read == null || !read.requestId().equals(status.requestId())) {
                ownWrites.put(status.userKey(), status);
            }
        }
    }

    /** The reading thread: assign once, then poll until stopped; the consumer is closed on exit. */
    private void run(Consumer<String, ErasureStatus> reader, CountDownLatch signal) {
        try {
            while (signal.getCount() > 0 && !tryAssign(reader, signal)) {
                pause(signal);
            }
            while (signal.getCount() > 0) {
                try {
                    pollOnce(reader);
                } catch (WakeupException | InterruptException e) {
                    throw e;
                } catch (RecordDeserializationException e) {
                    // One malformed status must not stall the view for every other user.
                    LOG.warn("skipping unreadable erasure status at {} offset {}: {}", e.topicPartition(), e.offset(),
                            e.getMessage());
                    reader.seek(e.topicPartition(), e.offset() + 1);
                } catch (KafkaException e) {
                    LOG.error("reading {} failed; retrying in {}", topic, RETRY_BACKOFF, e);
                    pause(signal);
                }
            }
        } catch (WakeupException | InterruptException e) {
            // stop() woke the consumer: the normal way out.
        } catch (RuntimeException e) {
            LOG.error("erasure-status reader stopped; erasure status GETs answer from stale data until restart", e);
        } finally {
            reader.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        }
    }

    private boolean tryAssign(Consumer<String, ErasureStatus> reader, CountDownLatch signal) {
        try {
            return assign(reader);
        } catch (WakeupException | InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warn("cannot assign {} yet ({}); retrying in {}", topic, e.getMessage(), RETRY_BACKOFF);
            return false;
        }
    }

    /**
     * Assigns every partition of the topic, rewinds them to the beginning and notes where they end.
     *
     * @return false while the topic does not exist (yet)
     */
    boolean assign(Consumer<String, ErasureStatus> reader) {
        List<PartitionInfo> partitions = reader.partitionsFor(topic, POLL_TIMEOUT);
        if (partitions == null || partitions.isEmpty()) {
            LOG.warn("topic {} has no partitions yet; erasure status is unavailable until it exists", topic);
            return false;
        }
        List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        reader.assign(assigned);
        reader.seekToBeginning(assigned);
        loadTarget = new HashMap<>(reader.endOffsets(assigned));
        updateLoaded(reader);
        return true;
    }

    /** Reads one batch of statuses into the view. */
    void pollOnce(Consumer<String, ErasureStatus> reader) {
        ConsumerRecords<String, ErasureStatus> records = reader.poll(POLL_TIMEOUT);
        for (ConsumerRecord<String, ErasureStatus> record : records) {
            apply(record.key(), record.value());
        }
        updateLoaded(reader);
    }

    private void updateLoaded(Consumer<String, ErasureStatus> reader) {
        if (loaded) {
            return;
        }
        loadTarget.entrySet().removeIf(end -> reader.position(end.getKey()) >= end.getValue());
        if (loadTarget.isEmpty()) {
            loaded = true;
            LOG.info("erasure status loaded: {} users", statuses.size());
        }
    }

    /** Applies one record: the latest value per key wins, a tombstone removes the key. */
    private void apply(String key, ErasureStatus value) {
        int slash = key == null ? -1 : key.lastIndexOf('/');
        if (slash <= 0 || slash == key.length() - 1) {
            LOG.warn("ignoring erasure status with a key that is not <userKey>/<service>");
            return;
        }
        String userKey = key.substring(0, slash);
        String service = key.substring(slash + 1);
        synchronized (writeLock) {
            applyLocked(userKey, service, value);
        }
    }

    private void applyLocked(String userKey, String service, ErasureStatus value) {
        statuses.compute(userKey, (k, current) -> {
            Map<String, ErasureStatus> next = current == null ? new HashMap<>() : new HashMap<>(current);
            if (value == null) {
                next.remove(service);
            } else {
                next.put(service, value);
            }
            return next.isEmpty() ? null : Map.copyOf(next);
        });
        if (ErasureStatus.INGEST.equals(service) && value != null) {
            // Our own write has now been read back; from here on the topic is the truth.
            ownWrites.computeIfPresent(userKey, (k, own) -> own.requestId().equals(value.requestId()) ? null : own);
        }
    }

    /**
     * The request to report on. An own write not yet read back is newer than everything read so far
     * (it was acknowledged at a later offset), unless another replica accepted a later request in
     * between; its accept time tells them apart.
     */
    private static ErasureStatus latest(ErasureStatus read, ErasureStatus own) {
        if (own == null) {
            return read;
        }
        if (read == null || read.requestedAt() == null || !read.requestedAt().isAfter(own.requestedAt())) {
            return own;
        }
        return read;
    }

    private static void pause(CountDownLatch signal) {
        try {
            signal.await(RETRY_BACKOFF.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            signal.countDown();
        }
    }

    /**
     * Below the web server's lifecycle phases: the view starts loading before the server takes
     * requests, and stops only after the server has stopped (and drained) them.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
