package io.profilestream.model.profile;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Recency / frequency / monetary figures over purchases. Recency is stored as the last purchase
 * time, not as an age, so it never goes stale in the store.
 *
 * @param lastPurchaseTime time of the latest purchase, or null
 * @param purchases        number of purchase events
 * @param unitsBought      total quantity bought
 * @param spend            total spend per currency (price × quantity)
 */
public record Rfm(Instant lastPurchaseTime, long purchases, long unitsBought, Map<String, BigDecimal> spend) {

    public Rfm {
        spend = spend == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(spend));
    }

    /** No purchases yet. */
    public static Rfm empty() {
        return new Rfm(null, 0, 0, Map.of());
    }

    /** Adds one purchase; a purchase without price counts for frequency only. */
    public Rfm addPurchase(Instant at, int quantity, BigDecimal unitPrice, String currency) {
        Map<String, BigDecimal> nextSpend = new TreeMap<>(spend);
        if (unitPrice != null && currency != null) {
            nextSpend.merge(currency, unitPrice.multiply(BigDecimal.valueOf(quantity)), BigDecimal::add);
        }
        Instant last = lastPurchaseTime == null || at.isAfter(lastPurchaseTime) ? at : lastPurchaseTime;
        return new Rfm(last, purchases + 1, unitsBought + quantity, nextSpend);
    }
}
