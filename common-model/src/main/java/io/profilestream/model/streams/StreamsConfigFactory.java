package io.profilestream.model.streams;

import io.profilestream.model.config.KafkaProperties;
import io.profilestream.model.config.StreamsProperties;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The one place Kafka Streams configuration is assembled, so every stream service runs alike. */
public final class StreamsConfigFactory {

    /** Producer batch size of every Streams service unless the client settings give one (see {@link #create}). */
    public static final int BATCH_SIZE_BYTES = 128 * 1024;

    private StreamsConfigFactory() {
    }

    /** Streams properties for one service instance. */
    public static Properties create(KafkaProperties kafka, StreamsProperties streams) {
        Properties p = new Properties();
        p.putAll(kafka.client());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, streams.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(StreamsConfig.STATE_DIR_CONFIG, streams.stateDir());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streams.numThreads());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, streams.processingGuarantee());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) streams.replicationFactor());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, streams.commitInterval().toMillis());
        p.put(StreamsConfig.POLL_MS_CONFIG, pollMillis(streams.commitInterval()));
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDBConfig.class);
        p.put(BoundedMemoryRocksDBConfig.TOTAL_OFF_HEAP_BYTES, Long.toString((long) streams.rocksdbOffHeapMb() << 20));
        if (!streams.applicationServer().isBlank()) {
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, streams.applicationServer());
        }
        // A record no stage can read, or one a processor fails on, goes to the dead-letter topic
        // (in the task's transaction) rather than stopping the whole service; the stage that
        // parses shop input routes its own rule failures there with a precise reason code.
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, PoisonRecordHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, PoisonRecordHandler.class);
        // Opt in now to what Kafka 5.0 makes the default: the global thread (the recommender's
        // catalogue) uses the same processing-error handling as stream threads.
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        // 128 KB batches instead of Kafka's 16 KB. A sealed profile is ~1.7 KB, ~3.5 KB with the
        // LSTM state, so a 16 KB batch was full after a handful and left before linger.ms; now
        // linger.ms (5 ms, the bound on the wait either way) decides. Throughput phase (runs
        // 105-111, docs/BENCHMARKS.md): CPU per event of the updater and the broker together
        // 88-102 instead of 108-137 µs without the LSTM step, 129-144 instead of 174-205 µs with
        // it; events/s +23 % and +28 %.
        if (!kafka.client().containsKey(ProducerConfig.BATCH_SIZE_CONFIG)
                && !kafka.client().containsKey(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG))) {
            p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), BATCH_SIZE_BYTES);
        }
        // No compression by default (an operator may set compression.type in the client settings).
        // lz4 was set here while profiles were plain JSON; they, the user keys and impressions are
        // now sealed (AES-GCM), which lz4 cannot shrink, yet every batch still paid for it: a JFR
        // profile of the freshness phase (docs/BENCHMARKS.md, run 26) had 8.5 % of the profile
        // updater's samples in lz4 (half of it allocating the block buffer of each new batch), and
        // the broker decompresses every compressed batch to validate it.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return p;
    }

    /**
     * How long a stream thread blocks in {@code poll} when it has nothing to process: a tenth of
     * the commit interval, at least 1 ms and at most Kafka's default of 100 ms. The thread checks
     * whether a commit is due only between polls. With the default, a record on a quiet input was
     * processed, then the thread blocked in a 100 ms poll, and committed when that poll returned
     * empty: the record's transaction became visible downstream a full 100 ms after it was
     * processed, whenever it arrived, instead of when the commit fell due (50 ms on average).
     * Under exactly-once every hop of the chain pays this wait.
     */
    static long pollMillis(java.time.Duration commitInterval) {
        return Math.max(1L, Math.min(100L, commitInterval.toMillis() / 10));
    }
}
