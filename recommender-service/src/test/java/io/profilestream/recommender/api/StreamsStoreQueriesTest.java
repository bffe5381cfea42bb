package io.profilestream.recommender.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.streams.ManagedKafkaStreams;
import io.profilestream.recommender.RecommenderTopology;
import io.profilestream.recommender.crypto.SealedFixture;
import io.profilestream.recommender.impressions.ShownItems;
import io.profilestream.recommender.metrics.RecommenderMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStorePartitionException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The interactive queries behind a recommendation, over a mocked {@link KafkaStreams} (as
 * {@code KeyOwnerTest} does): one owner lookup per user, every store read pinned to the key's
 * partition, and the user's data key read and unwrapped once for profile and shown items.
 */
class StreamsStoreQueriesTest {

    static final HostInfo SELF = new HostInfo("10.0.0.1", 8084);
    static final HostInfo OTHER = new HostInfo("10.0.0.2", 8084);
    static final ShownItems SHOWN = new ShownItems(Map.of("p1", 3));

    final SealedFixture sealed = new SealedFixture();
    final UserDataCipher cipher = spy(SealedFixture.CIPHER);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final KafkaStreams ks = mock(KafkaStreams.class);
    final ManagedKafkaStreams managed = mock(ManagedKafkaStreams.class);
    final Map<String, ReadOnlyKeyValueStore<String, byte[]>> stores = Map.of(
            RecommenderTopology.PROFILES_STORE, mockStore(),
            RecommenderTopology.IMPRESSIONS_STORE, mockStore(),
            RecommenderTopology.USER_KEYS_STORE, mockStore());
    /** Every store handle asked for, in order. */
    final List<StoreQueryParameters<?>> queried = new ArrayList<>();

    @SuppressWarnings("unchecked")
    static ReadOnlyKeyValueStore<String, byte[]> mockStore() {
        return mock(ReadOnlyKeyValueStore.class);
    }

    @BeforeEach
    void runningStreams() {
        when(managed.streams()).thenReturn(ks);
        when(ks.state()).thenReturn(KafkaStreams.State.RUNNING);
        when(ks.store(any())).thenAnswer(call -> {
            StoreQueryParameters<?> parameters = call.getArgument(0);
            queried.add(parameters);
            return stores.get(parameters.storeName());
        });
    }

    StreamsStoreQueries queries(HostInfo self) {
        return new StreamsStoreQueries(managed, self, new ProfileVault(cipher, new RecommenderMetrics(registry)));
    }

    void ownedBy(HostInfo owner, int partition) {
        when(ks.queryMetadataForKey(eq(RecommenderTopology.PROFILES_STORE), eq("alice"), any(Serializer.class)))
                .thenReturn(new KeyQueryMetadata(owner, Set.of(), partition));
    }

    void stored(String store, byte[] value) {
        when(stores.get(store).get("alice")).thenReturn(value);
    }

    double unreadable(String data, String reason) {
        return registry.get(RecommenderMetrics.UNREADABLE).tag("data", data).tag("reason", reason).counter().count();
    }

    @Test
    void shouldPinEveryStoreReadToTheKeysPartition() {
        ownedBy(SELF, 3);

        queries(SELF).locateProfile("alice");

        assertThat(queried).extracting(StoreQueryParameters::storeName, StoreQueryParameters::partition)
                .containsExactly(tuple(RecommenderTopology.PROFILES_STORE, 3),
                        tuple(RecommenderTopology.IMPRESSIONS_STORE, 3),
                        tuple(RecommenderTopology.USER_KEYS_STORE, 3));
        verify(ks, times(1)).queryMetadataForKey(anyString(), any(), any(Serializer.class));
    }

    @Test
    void shouldReadAndUnwrapTheUsersKeyOnceForProfileAndShownItems() {
        ownedBy(SELF, 3);
        stored(RecommenderTopology.USER_KEYS_STORE, sealed.key("alice"));
        stored(RecommenderTopology.PROFILES_STORE, sealed.seal("alice", ProfileVaultTest.ALICE));
        stored(RecommenderTopology.IMPRESSIONS_STORE, sealed.seal("alice", SHOWN));

        ProfileLocation location = queries(SELF).locateProfile("alice");

        assertThat(location).isEqualTo(new ProfileLocation.Local(
                new UserState(Optional.of(ProfileVaultTest.ALICE), SHOWN)));
        verify(stores.get(RecommenderTopology.USER_KEYS_STORE), times(1)).get("alice");
        verify(cipher, times(1)).unwrapKey(eq("alice"), any());
        verify(ks, times(1)).queryMetadataForKey(anyString(), any(), any(Serializer.class));
        assertThat(queried).extracting(StoreQueryParameters::storeName, StoreQueryParameters::partition)
                .containsExactly(tuple(RecommenderTopology.PROFILES_STORE, 3),
                        tuple(RecommenderTopology.IMPRESSIONS_STORE, 3),
                        tuple(RecommenderTopology.USER_KEYS_STORE, 3));
    }

    @Test
    void shouldNotReadTheKeyOfAUserOfWhomNothingIsStored() {
        ownedBy(SELF, 0);

        assertThat(queries(SELF).locateProfile("alice")).isEqualTo(new ProfileLocation.Local(UserState.UNKNOWN));
        verify(stores.get(RecommenderTopology.USER_KEYS_STORE), never()).get(any());
        verify(cipher, never()).unwrapKey(any(), any());
    }

    @Test
    void shouldCountProfileAndShownItemsUnreadableOnceEachWhenTheKeyIsMissing() {
        ownedBy(SELF, 1);
        stored(RecommenderTopology.PROFILES_STORE, sealed.seal("alice", ProfileVaultTest.ALICE));
        stored(RecommenderTopology.IMPRESSIONS_STORE, sealed.seal("alice", SHOWN));

        assertThat(queries(SELF).locateProfile("alice")).isEqualTo(new ProfileLocation.Local(UserState.UNKNOWN));
        assertThat(unreadable(RecommenderMetrics.PROFILE, "no-key")).isEqualTo(1.0);
        assertThat(unreadable(RecommenderMetrics.SHOWN_ITEMS, "no-key")).isEqualTo(1.0);
        verify(stores.get(RecommenderTopology.USER_KEYS_STORE), times(1)).get("alice");
    }

    @Test
    void shouldForwardToTheOwnerWithoutReadingAnyStore() {
        ownedBy(OTHER, 2);

        assertThat(queries(SELF).locateProfile("alice")).isEqualTo(new ProfileLocation.Remote(OTHER));
        assertThat(queried).isEmpty();
    }

    @Test
    void shouldQueryEveryLocalPartitionWhenRunningAloneWithoutApplicationServer() {
        when(ks.metadataForAllStreamsClients()).thenReturn(List.of(mock(StreamsMetadata.class)));
        stored(RecommenderTopology.USER_KEYS_STORE, sealed.key("alice"));
        stored(RecommenderTopology.PROFILES_STORE, sealed.seal("alice", ProfileVaultTest.ALICE));

        assertThat(queries(null).locateProfile("alice")).isEqualTo(new ProfileLocation.Local(
                new UserState(Optional.of(ProfileVaultTest.ALICE), ShownItems.none())));
        assertThat(queried).extracting(StoreQueryParameters::partition).containsExactly(null, null, null);
        verify(ks, never()).queryMetadataForKey(anyString(), any(), any(Serializer.class));
    }

    @Test
    void shouldAnswerUnavailableWhenTheKeysPartitionHasMovedAway() {
        ownedBy(SELF, 3);
        when(stores.get(RecommenderTopology.PROFILES_STORE).get("alice"))
                .thenThrow(new InvalidStateStorePartitionException("The specified partition 3 for store profiles does not exist."));

        assertThatThrownBy(() -> queries(SELF).locateProfile("alice"))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage("the profiles or impressions store is not queryable yet (restoring or rebalancing)");
    }

    @Test
    void shouldAnswerUnavailableWhileNoInstanceOwnsTheKey() {
        when(ks.queryMetadataForKey(eq(RecommenderTopology.PROFILES_STORE), eq("alice"), any(Serializer.class)))
                .thenReturn(KeyQueryMetadata.NOT_AVAILABLE);

        assertThatThrownBy(() -> queries(SELF).locateProfile("alice"))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage("no instance owns this key yet (rebalancing); retry shortly");
        assertThat(queried).isEmpty();
    }
}
