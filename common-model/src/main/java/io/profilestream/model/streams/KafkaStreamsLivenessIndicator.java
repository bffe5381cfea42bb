package io.profilestream.model.streams;

import java.util.EnumSet;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The Streams part of the liveness probe (component {@value #NAME}): DOWN only when the started
 * client is dead for good ({@code ERROR}, {@code PENDING_ERROR}, {@code NOT_RUNNING}), because only
 * a restart brings it back (a stream thread failure shuts the whole client down, see
 * {@link ManagedKafkaStreams}). Starting, rebalancing, restoring state or shutting down on request
 * is alive (readiness, through {@link KafkaStreamsHealthIndicator}, keeps traffic away meanwhile): a
 * liveness failure there would restart the instance in the middle of a rebalance and trigger
 * another one. Before Spring has started the client, and after it stopped it on shutdown, it is UP
 * as well. The detail {@code state} says which.
 *
 * <p>Every Streams service registers it as a bean named {@value #NAME} and lists that name in its
 * {@code management.endpoint.health.group.liveness.include}.
 */
public final class KafkaStreamsLivenessIndicator implements HealthIndicator {

    /** Its health component name, as listed in the liveness group. */
    public static final String NAME = "kafkaStreamsAlive";

    /** States from which the client never recovers by itself. */
    static final Set<KafkaStreams.State> DEAD = EnumSet.of(KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_ERROR,
            KafkaStreams.State.NOT_RUNNING);

    private final ManagedKafkaStreams streams;

    /** @param streams the service's Streams client */
    public KafkaStreamsLivenessIndicator(ManagedKafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public Health health() {
        if (!streams.isRunning()) {
            return notStarted();
        }
        try {
            return forState(streams.streams().state());
        } catch (IllegalStateException stoppedMeanwhile) {
            return notStarted();
        }
    }

    /** The liveness reported for a started client in {@code state}. */
    public static Health forState(KafkaStreams.State state) {
        Health.Builder builder = DEAD.contains(state) ? Health.down() : Health.up();
        return builder.withDetail("state", state.name()).build();
    }

    private static Health notStarted() {
        return Health.up().withDetail("state", KafkaStreamsHealthIndicator.NOT_STARTED).build();
    }
}
