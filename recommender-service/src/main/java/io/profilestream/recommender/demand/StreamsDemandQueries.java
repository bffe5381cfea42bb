package io.profilestream.recommender.demand;

import io.profilestream.model.streams.KeyOwner;
import io.profilestream.model.streams.ManagedKafkaStreams;
import io.profilestream.recommender.api.StoreUnavailableException;
import java.time.Instant;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * {@link DemandQueries} over the running Kafka Streams client: the owner of a category or item is
 * found as for profiles ({@link KeyOwner}), since the window stores are partitioned by their
 * repartition topics' keys, and a local read is pinned to the key's partition.
 */
public final class StreamsDemandQueries implements DemandQueries {

    private static final Serializer<String> KEY_SERIALIZER = Serdes.String().serializer();

    private final ManagedKafkaStreams streams;
    private final HostInfo self;

    /**
     * @param streams the service's Streams client
     * @param self    this instance's {@code application.server}, or null when it runs alone
     */
    public StreamsDemandQueries(ManagedKafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    @Override
    public Location hourly(DemandKind kind, String id, Instant from, Instant to) {
        KafkaStreams ks = queryable();
        try {
            KeyOwner.Placement placement = KeyOwner.place(ks, kind.store(), id, KEY_SERIALIZER, self);
            if (!placement.owner().local()) {
                return new Remote(placement.owner().remote().orElseThrow());
            }
            StoreQueryParameters<ReadOnlyWindowStore<String, DemandCounts>> query =
                    StoreQueryParameters.fromNameAndType(kind.store(), QueryableStoreTypes.windowStore());
            ReadOnlyWindowStore<String, DemandCounts> store = ks.store(placement.partition().isPresent()
                    ? query.withPartition(placement.partition().getAsInt()) : query);
            NavigableMap<Instant, DemandCounts> hours = new TreeMap<>();
            // fetch bounds are window starts, both inclusive.
            try (WindowStoreIterator<DemandCounts> windows = store.fetch(id, from, to.minusMillis(1))) {
                while (windows.hasNext()) {
                    KeyValue<Long, DemandCounts> window = windows.next();
                    hours.put(Instant.ofEpochMilli(window.key), window.value);
                }
            }
            return new Local(hours);
        } catch (KeyOwner.UnavailableException e) {
            throw new StoreUnavailableException(e.getMessage(), e);
        } catch (InvalidStateStoreException e) {
            throw new StoreUnavailableException("the " + kind.store() + " store is not queryable yet (restoring or "
                    + "rebalancing)", e);
        }
    }

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
