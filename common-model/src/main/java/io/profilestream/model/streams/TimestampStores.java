package io.profilestream.model.streams;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Sweeps of key-value stores whose values are epoch-millisecond times (erasure markers,
 * handed-over marks, rekeyed users): the one place that deletes entries while iterating RocksDB.
 */
public final class TimestampStores {

    private TimestampStores() {
    }

    /**
     * Deletes every entry whose time is before {@code cutoff} (epoch ms); {@code Long.MAX_VALUE}
     * empties the store.
     *
     * @return how many were deleted
     */
    public static int purgeOlderThan(KeyValueStore<String, Long> store, long cutoff) {
        List<String> expired = new ArrayList<>();
        // Collected first, deleted after: no writes while the RocksDB iterator is open.
        try (KeyValueIterator<String, Long> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, Long> entry = all.next();
                if (entry.value < cutoff) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(store::delete);
        return expired.size();
    }
}
