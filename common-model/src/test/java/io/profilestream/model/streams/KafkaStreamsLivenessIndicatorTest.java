package io.profilestream.model.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

class KafkaStreamsLivenessIndicatorTest {

    @Test
    void shouldBeAliveBeforeTheClientIsStarted() {
        ManagedKafkaStreams notStarted = new ManagedKafkaStreams(new Topology(), new Properties());

        Health health = new KafkaStreamsLivenessIndicator(notStarted).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).isEqualTo(Map.of("state", "NOT_STARTED"));
    }

    @ParameterizedTest
    @EnumSource(value = KafkaStreams.State.class, names = {"CREATED", "REBALANCING", "RUNNING", "PENDING_SHUTDOWN"})
    void shouldBeAliveWhileStartingRebalancingRunningOrShuttingDown(KafkaStreams.State state) {
        Health health = KafkaStreamsLivenessIndicator.forState(state);

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).isEqualTo(Map.of("state", state.name()));
    }

    @ParameterizedTest
    @EnumSource(value = KafkaStreams.State.class, names = {"ERROR", "PENDING_ERROR", "NOT_RUNNING"})
    void shouldBeDownWhenAStartedClientHasDied(KafkaStreams.State state) {
        Health health = KafkaStreamsLivenessIndicator.forState(state);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).isEqualTo(Map.of("state", state.name()));
    }

    @Test
    void shouldCoverEveryStreamsState() {
        // A state added by a Kafka upgrade must be placed in one of the two groups above.
        assertThat(KafkaStreams.State.values()).containsExactlyInAnyOrder(KafkaStreams.State.CREATED,
                KafkaStreams.State.REBALANCING, KafkaStreams.State.RUNNING, KafkaStreams.State.PENDING_SHUTDOWN,
                KafkaStreams.State.NOT_RUNNING, KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.ERROR);
    }

    @Test
    void shouldReportTheStateOfTheStartedClient() {
        ManagedKafkaStreams started = mock(ManagedKafkaStreams.class);
        KafkaStreams client = mock(KafkaStreams.class);
        when(started.isRunning()).thenReturn(true);
        when(started.streams()).thenReturn(client);
        when(client.state()).thenReturn(KafkaStreams.State.ERROR, KafkaStreams.State.REBALANCING);
        KafkaStreamsLivenessIndicator indicator = new KafkaStreamsLivenessIndicator(started);

        Health died = indicator.health();
        Health rebalancing = indicator.health();

        assertThat(died.getStatus()).isEqualTo(Status.DOWN);
        assertThat(died.getDetails()).isEqualTo(Map.of("state", "ERROR"));
        assertThat(rebalancing.getStatus()).isEqualTo(Status.UP);
        assertThat(rebalancing.getDetails()).isEqualTo(Map.of("state", "REBALANCING"));
    }

    @Test
    void shouldBeAliveWhenTheClientIsStoppedWhileAsked() {
        ManagedKafkaStreams stopping = mock(ManagedKafkaStreams.class);
        when(stopping.isRunning()).thenReturn(true);
        when(stopping.streams()).thenThrow(new IllegalStateException("Kafka Streams is not running"));

        Health health = new KafkaStreamsLivenessIndicator(stopping).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).isEqualTo(Map.of("state", "NOT_STARTED"));
    }
}
