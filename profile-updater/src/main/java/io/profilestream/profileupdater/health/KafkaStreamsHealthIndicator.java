package io.profilestream.profileupdater.health;

import io.profilestream.model.streams.ManagedKafkaStreams;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * UP only while Kafka Streams is RUNNING: while it starts, restores or rebalances the profile
 * store cannot be queried, so the instance should not receive traffic.
 */
public final class KafkaStreamsHealthIndicator implements HealthIndicator {

    private final ManagedKafkaStreams streams;

    /** @param streams the service's Streams client */
    public KafkaStreamsHealthIndicator(ManagedKafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public Health health() {
        if (!streams.isRunning()) {
            return Health.down().withDetail("state", "NOT_STARTED").build();
        }
        String state;
        try {
            state = streams.streams().state().name();
        } catch (IllegalStateException e) {
            // Stopped between the two calls.
            return Health.down().withDetail("state", "NOT_STARTED").build();
        }
        Health.Builder builder = streams.isProcessing() ? Health.up() : Health.down();
        return builder.withDetail("state", state).build();
    }
}
