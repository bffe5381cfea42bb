package io.profilestream.recommender.api;

import io.profilestream.model.catalogue.CatalogueItem;
import io.profilestream.model.streams.KeyOwner;
import io.profilestream.model.streams.ManagedKafkaStreams;
import io.profilestream.recommender.RecommenderTopology;
import io.profilestream.recommender.impressions.ShownItems;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
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
            KeyOwner owner = KeyOwner.locate(ks, RecommenderTopology.PROFILES_STORE, userKey,
                    Serdes.String().serializer(), self);
            if (!owner.local()) {
                return new ProfileLocation.Remote(owner.remote().orElseThrow());
            }
            return new ProfileLocation.Local(vault.profile(userKey, bytesStore(ks, RecommenderTopology.PROFILES_STORE),
                    bytesStore(ks, RecommenderTopology.USER_KEYS_STORE)));
        } catch (KeyOwner.UnavailableException e) {
            throw new StoreUnavailableException(e.getMessage(), e);
        } catch (InvalidStateStoreException e) {
            throw new StoreUnavailableException("the profiles store is not queryable yet (restoring or rebalancing)", e);
        }
    }

    @Override
    public ShownItems shownItems(String userKey) {
        KafkaStreams ks = queryable();
        try {
            return vault.shownItems(userKey, bytesStore(ks, RecommenderTopology.IMPRESSIONS_STORE),
                    bytesStore(ks, RecommenderTopology.USER_KEYS_STORE));
        } catch (InvalidStateStoreException e) {
            throw new StoreUnavailableException("the impressions store is not queryable yet (restoring or rebalancing)", e);
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

    private static ReadOnlyKeyValueStore<String, byte[]> bytesStore(KafkaStreams ks, String name) {
        return ks.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
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
