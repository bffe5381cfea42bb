package io.profilestream.recommender.demand;

import io.profilestream.recommender.api.StoreUnavailableException;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.HostInfo;

/** The demand store boundary for web tests: hourly counts and owners set by the test, and an unavailable switch. */
final class InMemoryDemandQueries implements DemandQueries {

    private final Map<String, NavigableMap<Instant, DemandCounts>> hours = new ConcurrentHashMap<>();
    private final Map<String, HostInfo> owners = new ConcurrentHashMap<>();
    private volatile boolean unavailable;

    private static String key(DemandKind kind, String id) {
        return kind + "/" + id;
    }

    void put(DemandKind kind, String id, Instant hour, DemandCounts counts) {
        hours.computeIfAbsent(key(kind, id), k -> new TreeMap<>()).put(hour, counts);
    }

    void ownedBy(DemandKind kind, String id, HostInfo owner) {
        owners.put(key(kind, id), owner);
    }

    void unavailable(boolean value) {
        unavailable = value;
    }

    void reset() {
        hours.clear();
        owners.clear();
        unavailable = false;
    }

    @Override
    public Location hourly(DemandKind kind, String id, Instant from, Instant to) {
        if (unavailable) {
            throw new StoreUnavailableException("the " + kind.store() + " store is not queryable yet (restoring or "
                    + "rebalancing)");
        }
        HostInfo owner = owners.get(key(kind, id));
        if (owner != null) {
            return new Remote(owner);
        }
        return new Local(new TreeMap<>(hours.getOrDefault(key(kind, id), new TreeMap<>()).subMap(from, true, to, false)));
    }
}
