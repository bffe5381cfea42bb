package io.profilestream.profileupdater.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.profilestream.model.streams.ManagedKafkaStreams;
import io.profilestream.profileupdater.profile.ProfileSettings;
import io.profilestream.profileupdater.profile.ProfileTopology;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

class KafkaStreamsHealthIndicatorTest {

    @Test
    void shouldBeDownBeforeStreamsHasStarted() {
        ManagedKafkaStreams notStarted = new ManagedKafkaStreams(ProfileTopology.build(ProfileSettings.defaults()), new Properties());

        Health health = new KafkaStreamsHealthIndicator(notStarted).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).isEqualTo(Map.of("state", "NOT_STARTED"));
    }

    // The client's states need a broker to reach; Mockito stands in for Kafka's and the shared
    // wrapper's state reporting only, to pin the state -> status mapping.
    @Test
    void shouldBeUpOnlyWhileRunning() {
        assertThat(healthIn(KafkaStreams.State.RUNNING)).isEqualTo(Health.up().withDetail("state", "RUNNING").build());
        assertThat(healthIn(KafkaStreams.State.REBALANCING)).isEqualTo(Health.down().withDetail("state", "REBALANCING").build());
        assertThat(healthIn(KafkaStreams.State.ERROR)).isEqualTo(Health.down().withDetail("state", "ERROR").build());
        assertThat(healthIn(KafkaStreams.State.PENDING_SHUTDOWN))
                .isEqualTo(Health.down().withDetail("state", "PENDING_SHUTDOWN").build());
    }

    private static Health healthIn(KafkaStreams.State state) {
        KafkaStreams client = mock(KafkaStreams.class);
        when(client.state()).thenReturn(state);
        ManagedKafkaStreams managed = mock(ManagedKafkaStreams.class);
        when(managed.isRunning()).thenReturn(true);
        when(managed.streams()).thenReturn(client);
        when(managed.isProcessing()).thenReturn(state == KafkaStreams.State.RUNNING);
        return new KafkaStreamsHealthIndicator(managed).health();
    }
}
