package io.profilestream.recommender.api;

import io.profilestream.model.catalogue.CatalogueItem;
import io.profilestream.model.streams.KeyOwner;
import io.profilestream.model.streams.ManagedKafkaStreams;
import io.profilestream.recommender.RecommenderTopology;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@link StoreQueries} over the running Kafka Streams client (interactive queries). Profiles and
 * shown items are stored sealed with the user's data key; {@link ProfileVault} opens them.
 */
public final class StreamsStoreQueries implements StoreQueries {

    private static final Serializer<String> KEY_SERIALIZER = Serdes.String().serializer();

    private final ManagedKafkaStreams streams;
    private final HostInfo self;
    private final ProfileVault vault;

    /**
     * @param streams the service's Streams client
     * @param self    this instance's {@code application.server}, or null when it runs alone
     * @param vault   opens the sealed profiles and shown items
     */
    public StreamsStoreQueries(ManagedKafkaStreams streams, HostInfo self, ProfileVault vault) {
        this.streams = streams;
        this.self = self;
        this.vault = vault;
    }

    @Override
    public ProfileLocation locateProfile(String userKey) {
        KafkaStreams ks = queryable();
        try {
            KeyOwner.Placement placement = KeyOwner.place(ks, RecommenderTopology.PROFILES_STORE, userKey,
                    KEY_SERIALIZER, self);
            if (!placement.owner().local()) {
                return new ProfileLocation.Remote(placement.owner().remote().orElseThrow());
            }
            // Profiles, impressions and user keys are co-partitioned in one task, so the profile's
            // partition is the partition of all three. Pinned, each get touches one partition's
            // store; unpinned, Streams probes every local partition (taking its locks each time)
            // until one has the key. Handles are not cached: one resolves its store on every call
            // anyway, and a rebalance may move the partition away (then get throws
            // InvalidStateStoreException, answered 503 like any rebalance).
            Integer partition = placement.partition().isPresent() ? placement.partition().getAsInt() : null;
            return new ProfileLocation.Local(vault.user(userKey,
                    bytesStore(ks, RecommenderTopology.PROFILES_STORE, partition),
                    bytesStore(ks, RecommenderTopology.IMPRESSIONS_STORE, partition),
                    bytesStore(ks, RecommenderTopology.USER_KEYS_STORE, partition)));
        } catch (KeyOwner.UnavailableException e) {
            throw new StoreUnavailableException(e.getMessage(), e);
        } catch (InvalidStateStoreException e) {
            throw new StoreUnavailableException(
                    "the profiles or impressions store is not queryable yet (restoring or rebalancing)", e);
        }
    }

    @Override
    public Optional<CatalogueItem> catalogueItem(String itemId) {
        KafkaStreams ks = queryable();
        try {
            ReadOnlyKeyValueStore<String, CatalogueItem> store = ks.store(StoreQueryParameters.fromNameAndType(
                    RecommenderTopology.CATALOGUE_STORE, QueryableStoreTypes.keyValueStore()));
            return Optional.ofNullable(store.get(itemId));
        } catch (InvalidStateStoreException e) {
            throw new StoreUnavailableException("the catalogue store is not queryable yet", e);
        }
    }

    /**
     * A store of user state, limited to {@code partition}; all local partitions when it is null
     * (running alone without {@code application.server}, where no partition is looked up).
     */
    private static ReadOnlyKeyValueStore<String, byte[]> bytesStore(KafkaStreams ks, String name, Integer partition) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, byte[]>> query =
                StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore());
        return ks.store(partition == null ? query : query.withPartition(partition));
    }

    /**
     * The client, once started. {@code KafkaStreams.start()} returns only after the global
     * catalogue store is restored and the index rebuilt, so from here on the catalogue is
     * complete; partitioned stores may still refuse queries while they restore.
     */
    private KafkaStreams queryable() {
        KafkaStreams ks;
        try {
            ks = streams.streams();
        } catch (IllegalStateException e) {
            throw new StoreUnavailableException("Kafka Streams has not started yet", e);
        }
        KafkaStreams.State state = ks.state();
        if (!state.isRunningOrRebalancing()) {
            throw new StoreUnavailableException("Kafka Streams is " + state);
        }
        return ks;
    }
}
