package io.profilestream.model.streams;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Reports UP only while Kafka Streams is RUNNING, so readiness fails while the client is still
 * starting, rebalancing or has died; the detail {@code state} says which.
 */
public final class KafkaStreamsHealthIndicator implements HealthIndicator {

    /** Detail value while Spring has not started (or has already stopped) the client. */
    public static final String NOT_STARTED = "NOT_STARTED";

    private final ManagedKafkaStreams streams;

    /** @param streams the service's Streams client */
    public KafkaStreamsHealthIndicator(ManagedKafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public Health health() {
        if (!streams.isRunning()) {
            return Health.down().withDetail("state", NOT_STARTED).build();
        }
        try {
            return forState(streams.streams().state());
        } catch (IllegalStateException stoppedMeanwhile) {
            return Health.down().withDetail("state", NOT_STARTED).build();
        }
    }

    /** The health reported for a client in {@code state}. */
    public static Health forState(KafkaStreams.State state) {
        Health.Builder builder = state == KafkaStreams.State.RUNNING ? Health.up() : Health.down();
        return builder.withDetail("state", state.name()).build();
    }
}
