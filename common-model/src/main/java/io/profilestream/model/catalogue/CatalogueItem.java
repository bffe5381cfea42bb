package io.profilestream.model.catalogue;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One item as the recommender serves it: the shop's catalogue description merged with the
 * popularity derived from clean events; the value of the compacted catalogue topic (key = item id).
 *
 * <p>Popularity is a time-decayed score expressed at {@code popularityAsOf}, like
 * {@code DecayedScores}: it is not rewritten as time passes, so readers decay it to their own
 * "now" with the recommender's popularity half-life.
 *
 * @param itemId         the shop's item id
 * @param category       category path, lower case; from the items topic when known, else the
 *                       latest one seen in events; null when neither named one
 * @param brand          brand, lower case, or null
 * @param price          unit price, or null
 * @param currency       ISO 4217 code, or null
 * @param inStock        whether the item can be bought now; true when the shop never said
 * @param popularity     decayed, event-weighted popularity score at {@code popularityAsOf}
 * @param popularityAsOf the instant {@code popularity} is expressed at, or null when no event was seen
 * @param views          view events seen
 * @param carts          add-to-cart events seen
 * @param purchases      purchase events seen
 */
public record CatalogueItem(
        String itemId,
        String category,
        String brand,
        BigDecimal price,
        String currency,
        boolean inStock,
        double popularity,
        Instant popularityAsOf,
        long views,
        long carts,
        long purchases) {
}
