package io.profilestream.model.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

class KafkaStreamsHealthIndicatorTest {

    @Test
    void shouldBeDownWhileStreamsNotStarted() {
        ManagedKafkaStreams notStarted = new ManagedKafkaStreams(new Topology(), new Properties());

        Health health = new KafkaStreamsHealthIndicator(notStarted).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).isEqualTo(Map.of("state", "NOT_STARTED"));
    }

    @Test
    void shouldBeUpOnlyWhenRunning() {
        Health health = KafkaStreamsHealthIndicator.forState(KafkaStreams.State.RUNNING);

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).isEqualTo(Map.of("state", "RUNNING"));
    }

    @ParameterizedTest
    @EnumSource(value = KafkaStreams.State.class, names = "RUNNING", mode = EnumSource.Mode.EXCLUDE)
    void shouldBeDownWithStateOtherwise(KafkaStreams.State state) {
        Health health = KafkaStreamsHealthIndicator.forState(state);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).isEqualTo(Map.of("state", state.name()));
    }
}
