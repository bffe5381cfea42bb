package io.profilestream.profileupdater.query;

import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.streams.KeyOwner;
import io.profilestream.model.streams.ManagedKafkaStreams;
import io.profilestream.profileupdater.profile.ProfileTopology;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the {@link ProfileTopology#PROFILE_STORE} and {@link ProfileTopology#USER_KEYS_STORE}
 * stores of the running Kafka Streams client (interactive queries) and opens the profile with the
 * user's data key ({@link SealedProfileReader}). Both stores belong to the same task, so the
 * instance that owns the profile also holds its key.
 */
public final class StreamsProfileStoreGateway implements ProfileStoreGateway {

    private static final Serializer<String> KEY_SERIALIZER = Serdes.String().serializer();

    private final ManagedKafkaStreams streams;
    private final HostInfo self;
    private final SealedProfileReader reader;

    /**
     * @param streams the service's Streams client
     * @param self    this instance's {@code application.server}, or null when it runs alone
     * @param cipher  opens the sealed profiles
     */
    public StreamsProfileStoreGateway(ManagedKafkaStreams streams, HostInfo self, UserDataCipher cipher) {
        this.streams = streams;
        this.self = self;
        this.reader = new SealedProfileReader(cipher);
    }

    @Override
    public KeyOwner owner(String userKey) {
        try {
            return KeyOwner.locate(streams.streams(), ProfileTopology.PROFILE_STORE, userKey, KEY_SERIALIZER, self);
        } catch (KeyOwner.UnavailableException e) {
            throw new ProfileUnavailableException(e.getMessage(), e);
        } catch (IllegalStateException | InvalidStateStoreException e) {
            // Not started yet, or stopping; InvalidStateStoreException includes StreamsNotStartedException.
            throw new ProfileUnavailableException("profile store is not available yet (Kafka Streams is starting or rebalancing); retry shortly", e);
        }
    }

    @Override
    public Optional<UserProfile> local(String userKey) {
        try {
            ReadOnlyKeyValueStore<String, byte[]> profiles =
                    streams.store(ProfileTopology.PROFILE_STORE, QueryableStoreTypes.keyValueStore());
            ReadOnlyKeyValueStore<String, byte[]> keys =
                    streams.store(ProfileTopology.USER_KEYS_STORE, QueryableStoreTypes.keyValueStore());
            return reader.read(profiles, keys, userKey);
        } catch (IllegalStateException | InvalidStateStoreException e) {
            throw new ProfileUnavailableException("profile store is not queryable yet (Kafka Streams is starting, restoring or rebalancing); retry shortly", e);
        }
    }
}
