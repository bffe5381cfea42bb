package io.profilestream.profileupdater.query;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.profilestream.model.streams.ManagedKafkaStreams;
import io.profilestream.profileupdater.profile.ProfileSettings;
import io.profilestream.profileupdater.profile.ProfileTopology;
import io.profilestream.profileupdater.profile.TestCipher;
import java.util.Properties;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class StreamsProfileStoreGatewayTest {

    private static final String KEY = "cd".repeat(32);

    private final ManagedKafkaStreams notStarted =
            new ManagedKafkaStreams(ProfileTopology.build(
                    ProfileTopology.Deps.explicitOnly(ProfileSettings.defaults(), TestCipher.CIPHER)), new Properties());

    @Test
    void shouldReportOwnershipUnavailableBeforeStreamsHasStarted() {
        StreamsProfileStoreGateway gateway = new StreamsProfileStoreGateway(notStarted, new HostInfo("127.0.0.1", 8083),
                TestCipher.CIPHER);

        assertThatThrownBy(() -> gateway.owner(KEY))
                .isInstanceOf(ProfileUnavailableException.class)
                .hasMessage("profile store is not available yet (Kafka Streams is starting or rebalancing); retry shortly");
    }

    @Test
    void shouldReportTheStoreUnavailableBeforeStreamsHasStarted() {
        StreamsProfileStoreGateway gateway = new StreamsProfileStoreGateway(notStarted, null, TestCipher.CIPHER);

        assertThatThrownBy(() -> gateway.local(KEY))
                .isInstanceOf(ProfileUnavailableException.class)
                .hasMessage("profile store is not queryable yet (Kafka Streams is starting, restoring or rebalancing); retry shortly");
    }
}
