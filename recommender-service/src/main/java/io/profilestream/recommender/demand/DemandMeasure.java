package io.profilestream.recommender.demand;

import com.fasterxml.jackson.annotation.JsonValue;
import io.profilestream.model.event.EventType;
import java.util.Optional;

/** What demand is counted as: product views, add-to-carts, and units purchased. */
public enum DemandMeasure {
    VIEWS("views"),
    ADD_TO_CARTS("addToCarts"),
    UNITS("units");

    private final String wireName;

    DemandMeasure(String wireName) {
        this.wireName = wireName;
    }

    /** The name in JSON (repartition records and answers). */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The measure an event of {@code type} counts towards; empty for other types (searches, reviews, ...). */
    public static Optional<DemandMeasure> of(EventType type) {
        if (type == null) {
            return Optional.empty();
        }
        return switch (type) {
            case VIEW -> Optional.of(VIEWS);
            case ADD_TO_CART -> Optional.of(ADD_TO_CARTS);
            case PURCHASE -> Optional.of(UNITS);
            default -> Optional.empty();
        };
    }
}
