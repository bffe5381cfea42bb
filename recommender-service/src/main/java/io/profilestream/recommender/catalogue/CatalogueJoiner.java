package io.profilestream.recommender.catalogue;

import io.profilestream.model.catalogue.CatalogueItem;
import io.profilestream.model.event.EventType;
import io.profilestream.model.event.ItemUpdate;
import io.profilestream.recommender.popularity.ItemStats;

/**
 * Merges the shop's description of an item with what events say about it. The shop's own
 * description wins field by field; events fill what it leaves out (or the whole description
 * when the shop never sent the item).
 */
public final class CatalogueJoiner {

    private CatalogueJoiner() {
    }

    /**
     * The catalogue entry for one item id; null only when both sides are gone, which the outer
     * join turns into a tombstone on the catalogue topic.
     *
     * @param item   the latest items-topic value, or null
     * @param stats  the item's event statistics, or null
     */
    public static CatalogueItem join(ItemUpdate item, ItemStats stats) {
        if (item == null && stats == null) {
            return null;
        }
        ItemStats s = stats == null ? ItemStats.empty() : stats;
        String id = item != null && item.itemId() != null ? item.itemId() : s.itemId();
        boolean itemPriced = item != null && item.price() != null;
        return new CatalogueItem(
                id,
                item != null && item.category() != null ? item.category() : s.category(),
                item != null && item.brand() != null ? item.brand() : s.brand(),
                itemPriced ? item.price() : s.price(),
                itemPriced ? item.currency() : s.currency(),
                // An item nobody declared out of stock is assumed buyable: events prove it exists.
                item == null || item.inStock(),
                s.popularity(),
                s.popularityAsOf(),
                s.count(EventType.VIEW),
                s.count(EventType.ADD_TO_CART),
                s.count(EventType.PURCHASE));
    }
}
