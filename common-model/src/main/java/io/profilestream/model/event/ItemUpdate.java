package io.profilestream.model.event;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A catalogue entry as the shop last described it; the items topic is compacted by item id.
 *
 * @param itemId    the shop's item id
 * @param category  category path, lower case
 * @param brand     brand, lower case, or null
 * @param price     current unit price, or null
 * @param currency  ISO 4217 code, or null
 * @param inStock   whether the item can be bought now
 * @param updatedAt when the shop sent this description
 */
public record ItemUpdate(
        String itemId,
        String category,
        String brand,
        BigDecimal price,
        String currency,
        boolean inStock,
        Instant updatedAt) {
}
