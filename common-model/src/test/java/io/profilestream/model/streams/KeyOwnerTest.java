package io.profilestream.model.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class KeyOwnerTest {

    private final KafkaStreams streams = mock(KafkaStreams.class);

    @Test
    void shouldOwnEveryKeyWhenRunningAloneWithoutApplicationServer() {
        when(streams.metadataForAllStreamsClients()).thenReturn(List.of(mock(StreamsMetadata.class)));

        assertThat(KeyOwner.locate(streams, "profiles", "u", Serdes.String().serializer(), null))
                .isEqualTo(new KeyOwner(true, Optional.empty()));
    }

    @Test
    void shouldRefuseToAnswerForOthersWhenScaledOutWithoutApplicationServer() {
        when(streams.metadataForAllStreamsClients())
                .thenReturn(List.of(mock(StreamsMetadata.class), mock(StreamsMetadata.class)));

        assertThatThrownBy(() -> KeyOwner.locate(streams, "profiles", "u", Serdes.String().serializer(), null))
                .isInstanceOf(KeyOwner.UnavailableException.class)
                .hasMessageContaining("profilestream.streams.application-server is not set");
    }

    @Test
    void shouldNameTheRemoteOwnerOfAKey() {
        HostInfo self = new HostInfo("10.0.0.1", 8083);
        HostInfo other = new HostInfo("10.0.0.2", 8083);
        when(streams.queryMetadataForKey(eq("profiles"), eq("u"), any(Serializer.class)))
                .thenReturn(new KeyQueryMetadata(other, java.util.Set.of(), 1));

        assertThat(KeyOwner.locate(streams, "profiles", "u", Serdes.String().serializer(), self))
                .isEqualTo(new KeyOwner(false, Optional.of(other)));
    }

    @Test
    void shouldPlaceALocallyOwnedKeyInItsPartition() {
        HostInfo self = new HostInfo("10.0.0.1", 8083);
        when(streams.queryMetadataForKey(eq("profiles"), eq("u"), any(Serializer.class)))
                .thenReturn(new KeyQueryMetadata(self, java.util.Set.of(), 5));

        assertThat(KeyOwner.place(streams, "profiles", "u", Serdes.String().serializer(), self))
                .isEqualTo(new KeyOwner.Placement(new KeyOwner(true, Optional.empty()), OptionalInt.of(5)));
    }

    @Test
    void shouldPlaceAKeyInNoKnownPartitionWhenRunningAloneWithoutApplicationServer() {
        when(streams.metadataForAllStreamsClients()).thenReturn(List.of(mock(StreamsMetadata.class)));

        assertThat(KeyOwner.place(streams, "profiles", "u", Serdes.String().serializer(), null))
                .isEqualTo(new KeyOwner.Placement(new KeyOwner(true, Optional.empty()), OptionalInt.empty()));
    }
}
