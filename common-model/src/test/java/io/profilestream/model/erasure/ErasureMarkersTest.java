package io.profilestream.model.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ErasureMarkersTest {

    private KeyValueStore<String, Long> store;
    private ErasureMarkers markers;

    @BeforeEach
    void setUp() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ErasureMarkers.STORE_NAME), Serdes.String(),
                Serdes.Long()).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        markers = new ErasureMarkers(store);
    }

    @Test
    void shouldKeepTheLaterMarkerWhenAnOlderErasureArrivesAfterANewerOne() {
        assertThat(markers.mark("alice", 2_000)).isEqualTo(2_000);
        assertThat(markers.mark("alice", 1_000)).isEqualTo(2_000);
        assertThat(markers.mark("alice", 3_000)).isEqualTo(3_000);
        assertThat(markers.erasedAt("alice")).isEqualTo(3_000);
        assertThat(markers.erasedAt("bob")).isNull();
    }

    @Test
    void shouldCoverRecordsStampedAtOrBeforeTheErasureOnly() {
        markers.mark("alice", 2_000);

        assertThat(markers.covers("alice", 2_000)).isTrue();
        assertThat(markers.covers("alice", 5_000, 1_999)).isTrue();
        assertThat(markers.covers("alice", 2_001, 5_000)).isFalse();
        assertThat(markers.covers("bob", 0)).isFalse();
    }

    @Test
    void shouldPurgeOnlyMarkersOfErasuresBeforeTheCutoff() {
        markers.mark("alice", 1_000);
        markers.mark("bob", 2_000);
        markers.mark("carol", 3_000);

        assertThat(markers.purgeOlderThan(2_001)).isEqualTo(2);
        assertThat(markers.erasedAt("alice")).isNull();
        assertThat(markers.erasedAt("bob")).isNull();
        assertThat(markers.erasedAt("carol")).isEqualTo(3_000);
    }

    @Test
    void shouldBuildAPersistentChangeloggedUncachedStoreUnderTheSharedName() {
        var builder = ErasureMarkers.storeBuilder();

        assertThat(builder.name()).isEqualTo("erased-users");
        assertThat(builder.loggingEnabled()).isTrue();
    }
}
