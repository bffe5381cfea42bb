package io.profilestream.recommender.api;

import io.profilestream.model.catalogue.CatalogueItem;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.recommender.catalogue.CatalogueIndex;
import io.profilestream.recommender.impressions.ShownItems;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The store boundary for web tests: profiles, shown items and owners set by the test, the
 * catalogue read from a real {@link CatalogueIndex}, and a switch that makes every query
 * unavailable. Thread-safe, for tests that send requests from several threads. Public for the
 * dashboard's web tests, which live in their own package.
 */
public final class InMemoryStoreQueries implements StoreQueries {

    private final CatalogueIndex index;
    private final Map<String, UserProfile> profiles = new ConcurrentHashMap<>();
    private final Map<String, ShownItems> shown = new ConcurrentHashMap<>();
    private final Map<String, HostInfo> owners = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private volatile boolean unavailable;

    public InMemoryStoreQueries(CatalogueIndex index) {
        this.index = index;
    }

    public void putProfile(UserProfile profile) {
        profiles.put(profile.userKey(), profile);
    }

    public void putShown(String userKey, ShownItems items) {
        shown.put(userKey, items);
    }

    /** What the user has been shown so far (none when nothing was put). */
    public ShownItems shown(String userKey) {
        return shown.getOrDefault(userKey, ShownItems.none());
    }

    public void ownedBy(String userKey, HostInfo owner) {
        owners.put(userKey, owner);
    }

    public void unavailable(boolean value) {
        unavailable = value;
    }

    public void reset() {
        profiles.clear();
        shown.clear();
        owners.clear();
        lookups.set(0);
        unavailable = false;
    }

    /** How many times {@link #locateProfile} was called, to pin the reads a request makes. */
    public int lookups() {
        return lookups.get();
    }

    @Override
    public ProfileLocation locateProfile(String userKey) {
        lookups.incrementAndGet();
        check();
        HostInfo owner = owners.get(userKey);
        return owner != null ? new ProfileLocation.Remote(owner)
                : new ProfileLocation.Local(new UserState(Optional.ofNullable(profiles.get(userKey)),
                        shown.getOrDefault(userKey, ShownItems.none())));
    }

    @Override
    public Optional<CatalogueItem> catalogueItem(String itemId) {
        check();
        return index.get(itemId);
    }

    private void check() {
        if (unavailable) {
            throw new StoreUnavailableException("the profiles store is not queryable yet (restoring or rebalancing)");
        }
    }
}
