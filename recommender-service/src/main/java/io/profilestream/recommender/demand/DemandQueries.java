package io.profilestream.recommender.demand;

import java.time.Instant;
import java.util.NavigableMap;
import java.util.Objects;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The reads demand answers need from the window stores, kept this small so the web layer can be
 * tested without a running Kafka Streams client.
 */
public interface DemandQueries {

    /** Where a category's or item's counts live. */
    sealed interface Location permits Local, Remote {
    }

    /**
     * This instance owns the key.
     *
     * @param hours the stored hourly counts by window start, only hours with a window (no zeros filled in)
     */
    record Local(NavigableMap<Instant, DemandCounts> hours) implements Location {
        public Local {
            Objects.requireNonNull(hours, "hours");
        }
    }

    /**
     * Another instance owns the key.
     *
     * @param owner that instance's {@code application.server}
     */
    record Remote(HostInfo owner) implements Location {
        public Remote {
            Objects.requireNonNull(owner, "owner");
        }
    }

    /**
     * The hourly counts of {@code id} whose windows start in {@code [from, to)}, or the instance
     * that holds them.
     *
     * @throws io.profilestream.recommender.api.StoreUnavailableException while the store cannot be queried
     */
    Location hourly(DemandKind kind, String id, Instant from, Instant to);
}
