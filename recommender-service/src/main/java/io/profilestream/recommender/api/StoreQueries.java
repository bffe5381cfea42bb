package io.profilestream.recommender.api;

import io.profilestream.model.catalogue.CatalogueItem;
import java.util.Optional;

/**
 * The reads the REST layer needs from the Streams state stores. Kept this small so the web
 * layer can be tested without a running Kafka Streams client.
 */
public interface StoreQueries {

    /**
     * Finds the profile of a user key, or the instance that holds it.
     *
     * @throws StoreUnavailableException while the profiles store cannot be queried
     */
    ProfileLocation locateProfile(String userKey);

    /**
     * The catalogue entry of an item (the global store: every instance holds every item).
     *
     * @throws StoreUnavailableException while the catalogue store cannot be queried
     */
    Optional<CatalogueItem> catalogueItem(String itemId);
}
