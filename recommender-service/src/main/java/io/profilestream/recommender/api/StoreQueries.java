package io.profilestream.recommender.api;

import io.profilestream.model.catalogue.CatalogueItem;
import io.profilestream.recommender.impressions.ShownItems;
import java.util.Optional;

/**
 * The reads the REST layer needs from the Streams state stores. Kept this small so the web
 * layer can be tested without a running Kafka Streams client.
 */
public interface StoreQueries {

    /**
     * Finds the profile of a user key, or the instance that holds it. A profile that cannot be
     * opened with the user's data key counts as absent: the user is served as unknown.
     *
     * @throws StoreUnavailableException while the profiles store cannot be queried
     */
    ProfileLocation locateProfile(String userKey);

    /**
     * What this instance has recorded as shown to a user. Only meaningful for a user whose
     * profile {@link #locateProfile} found here: impressions and profiles share one task. Nothing
     * when they cannot be opened with the user's data key.
     *
     * @throws StoreUnavailableException while the impressions store cannot be queried
     */
    ShownItems shownItems(String userKey);

    /**
     * The catalogue entry of an item (the global store: every instance holds every item).
     *
     * @throws StoreUnavailableException while the catalogue store cannot be queried
     */
    Optional<CatalogueItem> catalogueItem(String itemId);
}
