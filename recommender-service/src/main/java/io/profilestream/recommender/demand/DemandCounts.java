package io.profilestream.recommender.demand;

import io.profilestream.model.serde.JsonSerde;

/**
 * Demand of one category or item in one hour: the value of the demand window stores.
 *
 * @param views      views counted
 * @param addToCarts add-to-carts counted
 * @param units      purchased units counted
 */
public record DemandCounts(long views, long addToCarts, long units) {

    /** No demand. */
    public static final DemandCounts ZERO = new DemandCounts(0, 0, 0);

    /** JSON in the window stores and their changelogs. */
    public static final JsonSerde<DemandCounts> SERDE = JsonSerde.of(DemandCounts.class);

    /** These counts with {@code c} added. */
    public DemandCounts plus(DemandContribution c) {
        return switch (c.measure()) {
            case VIEWS -> new DemandCounts(views + c.amount(), addToCarts, units);
            case ADD_TO_CARTS -> new DemandCounts(views, addToCarts + c.amount(), units);
            case UNITS -> new DemandCounts(views, addToCarts, units + c.amount());
        };
    }

    /** The count of {@code measure}. */
    public long get(DemandMeasure measure) {
        return switch (measure) {
            case VIEWS -> views;
            case ADD_TO_CARTS -> addToCarts;
            case UNITS -> units;
        };
    }
}
