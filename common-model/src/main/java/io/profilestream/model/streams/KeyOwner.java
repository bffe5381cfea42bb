package io.profilestream.model.streams;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Where the state of one key lives when a store is partitioned across instances: here, on
 * another instance (to which a request is forwarded), or nowhere yet (rebalancing).
 *
 * @param local  true when this instance owns the key
 * @param remote the owner's host:port when another instance owns it
 */
public record KeyOwner(boolean local, Optional<HostInfo> remote) {

    /** Thrown while no instance owns the key, e.g. during a rebalance; callers answer 503. */
    public static final class UnavailableException extends RuntimeException {
        UnavailableException(String message) {
            super(message);
        }
    }

    /**
     * Where a key lives, with the partition it maps to when known: a local read can then be pinned
     * to that partition's store ({@code StoreQueryParameters.withPartition}) instead of probing
     * every local partition.
     *
     * @param owner     who owns the key, as {@link #locate} reports it
     * @param partition the key's partition of the store; empty when it was not looked up (running
     *                  alone without {@code application.server}, where the routing metadata carries
     *                  no partitions to ask)
     */
    public record Placement(KeyOwner owner, OptionalInt partition) {
        public Placement {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(partition, "partition");
        }
    }

    /**
     * Locates the active owner of {@code key} in {@code storeName}.
     *
     * @param self this instance's {@code application.server}, or null when running alone
     * @throws UnavailableException while no instance owns the key, or when {@code self} is null
     *                              but other instances exist
     */
    public static <K> KeyOwner locate(KafkaStreams streams, String storeName, K key, Serializer<K> keySerializer,
                                      HostInfo self) {
        return place(streams, storeName, key, keySerializer, self).owner();
    }

    /**
     * {@link #locate}, also returning the key's partition from the same metadata lookup, so a
     * caller needs one lookup per key for both the routing decision and a pinned local read.
     *
     * @param self this instance's {@code application.server}, or null when running alone
     * @throws UnavailableException as {@link #locate}
     */
    public static <K> Placement place(KafkaStreams streams, String storeName, K key, Serializer<K> keySerializer,
                                      HostInfo self) {
        if (self == null) {
            // Without application.server no instance can forward to another; several instances
            // would each answer "unknown" for the keys they do not own, so refuse instead.
            int instances;
            try {
                instances = streams.metadataForAllStreamsClients().size();
            } catch (InvalidStateStoreException notRunningYet) {
                throw new UnavailableException("Kafka Streams is not running yet; retry shortly");
            }
            if (instances > 1) {
                throw new UnavailableException("several instances share this store but "
                        + "profilestream.streams.application-server is not set, so the owner cannot be found");
            }
            return new Placement(new KeyOwner(true, Optional.empty()), OptionalInt.empty());
        }
        KeyQueryMetadata metadata = streams.queryMetadataForKey(storeName, key, keySerializer);
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
            throw new UnavailableException("no instance owns this key yet (rebalancing); retry shortly");
        }
        HostInfo active = metadata.activeHost();
        KeyOwner owner = active.equals(self) ? new KeyOwner(true, Optional.empty())
                : new KeyOwner(false, Optional.of(active));
        int partition = metadata.partition();
        return new Placement(owner, partition >= 0 ? OptionalInt.of(partition) : OptionalInt.empty());
    }
}
