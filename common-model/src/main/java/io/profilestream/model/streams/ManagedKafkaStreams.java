package io.profilestream.model.streams;

import java.time.Duration;
import java.util.Properties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs one {@link Topology} for the lifetime of a Spring application: started after the web
 * server is ready to answer health checks, closed cleanly (committing state) on shutdown.
 */
public final class ManagedKafkaStreams implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedKafkaStreams.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Topology topology;
    private final Properties properties;
    private final MeterRegistry registry;
    private volatile KafkaStreams streams;
    private KafkaStreamsMetrics metrics;

    /**
     * A client whose metrics are not exported (tests).
     *
     * @param topology   the service's topology, from its {@code XxxTopology.build(...)}
     * @param properties from {@link StreamsConfigFactory#create}
     */
    public ManagedKafkaStreams(Topology topology, Properties properties) {
        this(topology, properties, null);
    }

    /**
     * @param topology   the service's topology, from its {@code XxxTopology.build(...)}
     * @param properties from {@link StreamsConfigFactory#create}
     * @param registry   where the client's metrics go while it runs (Micrometer's
     *                   {@code KafkaStreamsMetrics}: consumer lag, process rates, the topology's own
     *                   sensors such as the privacy filter's dead-letter counts), or null for none
     */
    public ManagedKafkaStreams(Topology topology, Properties properties, MeterRegistry registry) {
        this.topology = topology;
        this.properties = properties;
        this.registry = registry;
    }

    @Override
    public synchronized void start() {
        GlobalStateRecovery.wipeUncheckpointedGlobalState(properties);
        KafkaStreams ks = new KafkaStreams(topology, properties);
        // Replace a dead thread (an aborted transaction is transient), shut down if it keeps dying.
        ks.setUncaughtExceptionHandler(new ThreadReplacementPolicy());
        ks.setStateListener((next, previous) -> LOG.info("Kafka Streams state {} -> {}", previous, next));
        try {
            ks.start();
        } catch (RuntimeException e) {
            // Release the threads, clients and state-directory lock the constructor acquired.
            ks.close(CLOSE_TIMEOUT);
            throw e;
        }
        streams = ks;
        if (registry != null) {
            metrics = new KafkaStreamsMetrics(ks);
            metrics.bindTo(registry);
        }
    }

    @Override
    public synchronized void stop() {
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
        if (streams != null) {
            streams.close(CLOSE_TIMEOUT);
            streams = null;
        }
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }

    /** The running client; throws when the application has not started it. */
    public KafkaStreams streams() {
        KafkaStreams ks = streams;
        if (ks == null) {
            throw new IllegalStateException("Kafka Streams is not running");
        }
        return ks;
    }

    /** Whether the client is processing (not starting, rebalancing or dead). */
    public boolean isProcessing() {
        KafkaStreams ks = streams;
        return ks != null && ks.state() == KafkaStreams.State.RUNNING;
    }

    /** A read-only view of a local store. */
    public <T> T store(String storeName, QueryableStoreType<T> type) {
        return streams().store(StoreQueryParameters.fromNameAndType(storeName, type));
    }
}
