package io.profilestream.recommender.catalogue;

import io.profilestream.model.catalogue.CatalogueItem;
import java.math.BigDecimal;
import java.time.Instant;

/** Builds catalogue entries for tests. */
public final class Items {

    private Items() {
    }

    /** An in-stock EUR item with the given popularity. */
    public static CatalogueItem item(String id, String category, String brand, double popularity, Instant asOf) {
        return new CatalogueItem(id, category, brand, new BigDecimal("10.00"), "EUR", true, popularity, asOf, 0, 0, 0);
    }

    /** The same item, out of stock. */
    public static CatalogueItem outOfStock(CatalogueItem item) {
        return new CatalogueItem(item.itemId(), item.category(), item.brand(), item.price(), item.currency(), false,
                item.popularity(), item.popularityAsOf(), item.views(), item.carts(), item.purchases());
    }
}
