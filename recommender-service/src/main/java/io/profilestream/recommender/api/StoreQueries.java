package io.profilestream.recommender.api;

import io.profilestream.model.catalogue.CatalogueItem;
import java.util.Optional;

/**
 * The reads the REST layer needs from the Streams state stores. Kept this small so the web
 * layer can be tested without a running Kafka Streams client.
 */
public interface StoreQueries {

    /**
     * Finds the profile of a user key and what the user has been shown, or the instance that holds
     * them: one owner lookup and one read of the user's data key for both (impressions and
     * profiles share one task). A value that cannot be opened with the user's data key counts as
     * absent: the user is served as unknown, or as shown nothing.
     *
     * @throws StoreUnavailableException while the profiles or impressions store cannot be queried
     */
    ProfileLocation locateProfile(String userKey);

    /**
     * The catalogue entry of an item (the global store: every instance holds every item).
     *
     * @throws StoreUnavailableException while the catalogue store cannot be queried
     */
    Optional<CatalogueItem> catalogueItem(String itemId);
}
