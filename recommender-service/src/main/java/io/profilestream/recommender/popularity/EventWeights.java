package io.profilestream.recommender.popularity;

import io.profilestream.model.event.EventType;

/**
 * How much one event of each type adds to an item's popularity. Buying says more than looking;
 * searches name no item and removing from a cart is no endorsement, so both add nothing.
 */
public final class EventWeights {

    private EventWeights() {
    }

    /** The popularity weight of one event of {@code type}. */
    public static double weight(EventType type) {
        return switch (type) {
            case VIEW -> 1.0;
            case ADD_TO_CART -> 3.0;
            case PURCHASE -> 5.0;
            case REVIEW, RATING -> 2.0;
            case SEARCH, REMOVE_FROM_CART -> 0.0;
        };
    }
}
