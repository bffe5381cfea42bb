package io.profilestream.deployment;

import io.profilestream.model.streams.ManagedKafkaStreams;
import java.lang.reflect.Field;
import java.time.Duration;

/**
 * How long a Streams service needs to stop cleanly: Spring first drains the web server (one
 * lifecycle phase, {@code spring.lifecycle.timeout-per-shutdown-phase}, 30 s by default), then
 * ManagedKafkaStreams closes Kafka Streams within its close timeout. Killed before that, an
 * exactly-once task's state is wiped and restored from its changelog at the next start.
 */
final class StreamsShutdown {

    static final Duration SPRING_SHUTDOWN_PHASE = Duration.ofSeconds(30);

    private StreamsShutdown() {
    }

    /** The grace period a container runtime must allow. */
    static Duration minimumGracePeriod() {
        return SPRING_SHUTDOWN_PHASE.plus(closeTimeout());
    }

    /** ManagedKafkaStreams' close timeout, read from the class so a change there shows here. */
    static Duration closeTimeout() {
        try {
            Field field = ManagedKafkaStreams.class.getDeclaredField("CLOSE_TIMEOUT");
            field.setAccessible(true);
            return (Duration) field.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ManagedKafkaStreams.CLOSE_TIMEOUT not found: update StreamsShutdown", e);
        }
    }
}
