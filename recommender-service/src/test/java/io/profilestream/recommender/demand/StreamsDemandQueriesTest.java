package io.profilestream.recommender.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.profilestream.model.streams.ManagedKafkaStreams;
import io.profilestream.recommender.api.StoreUnavailableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Interactive queries of the demand window stores over a mocked {@link KafkaStreams}. */
class StreamsDemandQueriesTest {

    static final HostInfo SELF = new HostInfo("10.0.0.1", 8084);
    static final HostInfo OTHER = new HostInfo("10.0.0.2", 8084);
    static final Instant FROM = Instant.parse("2025-03-01T00:00:00Z");
    static final Instant TO = Instant.parse("2025-03-02T00:00:00Z");

    final KafkaStreams ks = mock(KafkaStreams.class);
    final ManagedKafkaStreams managed = mock(ManagedKafkaStreams.class);
    @SuppressWarnings("unchecked")
    final ReadOnlyWindowStore<String, DemandCounts> store = mock(ReadOnlyWindowStore.class);
    final List<StoreQueryParameters<?>> queried = new ArrayList<>();

    @BeforeEach
    void runningStreams() {
        when(managed.streams()).thenReturn(ks);
        when(ks.state()).thenReturn(KafkaStreams.State.RUNNING);
        when(ks.store(any())).thenAnswer(call -> {
            queried.add(call.getArgument(0));
            return store;
        });
    }

    @SuppressWarnings("unchecked")
    void owner(String store, String key, HostInfo host, int partition) {
        when(ks.queryMetadataForKey(eq(store), eq(key), any(Serializer.class)))
                .thenReturn(new KeyQueryMetadata(host, Set.of(), partition));
    }

    static WindowStoreIterator<DemandCounts> iterator(List<KeyValue<Long, DemandCounts>> windows) {
        Iterator<KeyValue<Long, DemandCounts>> it = windows.iterator();
        return new WindowStoreIterator<>() {
            @Override
            public void close() {
            }

            @Override
            public Long peekNextKey() {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public KeyValue<Long, DemandCounts> next() {
                return it.next();
            }
        };
    }

    @Test
    void shouldReadTheOwnedKeysWindowsFromItsPartitionOnly() {
        owner(DemandTopology.CATEGORY_STORE, "phones", SELF, 3);
        DemandCounts ten = new DemandCounts(4, 1, 3);
        when(store.fetch("phones", FROM, TO.minusMillis(1))).thenReturn(iterator(List.of(
                KeyValue.pair(FROM.plusSeconds(36_000).toEpochMilli(), ten))));

        DemandQueries.Location location = new StreamsDemandQueries(managed, SELF)
                .hourly(DemandKind.CATEGORY, "phones", FROM, TO);

        assertThat(location).isEqualTo(new DemandQueries.Local(new java.util.TreeMap<>(
                Map.of(FROM.plusSeconds(36_000), ten))));
        assertThat(queried).singleElement().satisfies(q -> {
            assertThat(q.storeName()).isEqualTo(DemandTopology.CATEGORY_STORE);
            assertThat(q.partition()).isEqualTo(3);
        });
    }

    @Test
    void shouldNameTheOwnerOfAKeyHeldElsewhereWithoutReading() {
        owner(DemandTopology.ITEM_STORE, "sku-1", OTHER, 0);

        DemandQueries.Location location = new StreamsDemandQueries(managed, SELF)
                .hourly(DemandKind.ITEM, "sku-1", FROM, TO);

        assertThat(location).isEqualTo(new DemandQueries.Remote(OTHER));
        verify(ks, never()).store(any());
    }

    @Test
    void shouldBeUnavailableWhileRebalancingOrRestoring() {
        when(ks.queryMetadataForKey(eq(DemandTopology.ITEM_STORE), eq("sku-1"), any(Serializer.class)))
                .thenReturn(KeyQueryMetadata.NOT_AVAILABLE);
        owner(DemandTopology.CATEGORY_STORE, "phones", SELF, 0);
        when(store.fetch(eq("phones"), any(Instant.class), any(Instant.class)))
                .thenThrow(new InvalidStateStoreException("restoring"));
        StreamsDemandQueries queries = new StreamsDemandQueries(managed, SELF);

        assertThatThrownBy(() -> queries.hourly(DemandKind.ITEM, "sku-1", FROM, TO))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage("no instance owns this key yet (rebalancing); retry shortly");
        assertThatThrownBy(() -> queries.hourly(DemandKind.CATEGORY, "phones", FROM, TO))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage("the demand-by-category store is not queryable yet (restoring or rebalancing)");
    }

    @Test
    void shouldBeUnavailableBeforeStreamsRuns() {
        when(ks.state()).thenReturn(KafkaStreams.State.REBALANCING, KafkaStreams.State.PENDING_SHUTDOWN);

        StreamsDemandQueries queries = new StreamsDemandQueries(managed, SELF);
        owner(DemandTopology.ITEM_STORE, "sku-1", OTHER, 0);

        assertThat(queries.hourly(DemandKind.ITEM, "sku-1", FROM, TO)).isEqualTo(new DemandQueries.Remote(OTHER));
        assertThatThrownBy(() -> queries.hourly(DemandKind.ITEM, "sku-1", FROM, TO))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage("Kafka Streams is PENDING_SHUTDOWN");
    }
}
