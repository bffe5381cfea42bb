package io.profilestream.model.erasure;

import io.profilestream.model.streams.TimestampStores;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The erased users a Streams service remembers (a suppression list): user pseudonym to the time
 * the erasure was requested, in epoch milliseconds. A service drops any of the user's records
 * stamped at or before that time which reach it after the erasure (records already in flight),
 * so nothing rebuilds the erased state. Every service that holds per-user state keeps one, in a
 * store named {@value #STORE_NAME}, and purges markers once no such record can still arrive.
 */
public final class ErasureMarkers {

    /** The store name every service uses; its changelog is {@code <application.id>-erased-users-changelog}. */
    public static final String STORE_NAME = "erased-users";

    private final KeyValueStore<String, Long> store;

    /** @param store the service's {@value #STORE_NAME} store */
    public ErasureMarkers(KeyValueStore<String, Long> store) {
        this.store = store;
    }

    /** Persistent, changelogged (a restart must not forget an erasure) and uncached. */
    public static StoreBuilder<KeyValueStore<String, Long>> storeBuilder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE_NAME), Serdes.String(), Serdes.Long())
                .withLoggingEnabled(java.util.Map.of())
                .withCachingDisabled();
    }

    /**
     * Remembers that {@code userKey} was erased at {@code requestedAt}; an existing later marker
     * stays, so a replayed or reordered older request never shortens a later erasure's reach.
     *
     * @return the marker now stored
     */
    public long mark(String userKey, long requestedAt) {
        Long previous = store.get(userKey);
        long marker = previous == null ? requestedAt : Math.max(previous, requestedAt);
        store.put(userKey, marker);
        return marker;
    }

    /** The erasure time of {@code userKey}, or null when the user was not erased (or the marker expired). */
    public Long erasedAt(String userKey) {
        return store.get(userKey);
    }

    /**
     * True when {@code userKey} was erased at or after any of {@code times} (epoch ms): a record
     * sent or received by then belongs to the erased past.
     */
    public boolean covers(String userKey, long... times) {
        Long erasedAt = store.get(userKey);
        if (erasedAt == null) {
            return false;
        }
        for (long t : times) {
            if (t <= erasedAt) {
                return true;
            }
        }
        return false;
    }

    /**
     * Deletes every marker of an erasure requested before {@code cutoff} (epoch ms).
     *
     * @return how many were deleted
     */
    public int purgeOlderThan(long cutoff) {
        return TimestampStores.purgeOlderThan(store, cutoff);
    }
}
