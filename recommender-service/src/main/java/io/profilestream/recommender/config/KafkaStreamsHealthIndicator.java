package io.profilestream.recommender.config;

import io.profilestream.model.streams.ManagedKafkaStreams;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * UP only while Kafka Streams is RUNNING: before that the catalogue may be incomplete and the
 * profiles store not queryable, so the instance must not receive traffic.
 */
public class KafkaStreamsHealthIndicator implements HealthIndicator {

    private final ManagedKafkaStreams streams;

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
        } catch (IllegalStateException stoppedMeanwhile) {
            state = "NOT_STARTED";
        }
        return (streams.isProcessing() ? Health.up() : Health.down()).withDetail("state", state).build();
    }
}
