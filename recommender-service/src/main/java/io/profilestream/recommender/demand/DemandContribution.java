package io.profilestream.recommender.demand;

import io.profilestream.model.serde.JsonSerde;
import java.util.Objects;

/**
 * One user's bounded contribution to demand, after {@link ContributionCapProcessor}: the value of
 * the demand repartition topics. It carries no user key: past the cap, counting needs none.
 *
 * @param measure  what it counts towards
 * @param category the item's category, or null (then it is counted per item only)
 * @param itemId   the item
 * @param amount   1 for a view or add-to-cart; the purchased units for a purchase (as capped)
 */
public record DemandContribution(DemandMeasure measure, String category, String itemId, int amount) {

    /** JSON on the repartition topics. */
    public static final JsonSerde<DemandContribution> SERDE = JsonSerde.of(DemandContribution.class);

    public DemandContribution {
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(itemId, "itemId");
        if (amount < 1) {
            throw new IllegalArgumentException("a contribution is at least 1, got " + amount);
        }
    }
}
