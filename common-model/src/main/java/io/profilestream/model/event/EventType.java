package io.profilestream.model.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of shopper interaction ProfileStream understands; the wire name is snake_case. */
public enum EventType {
    VIEW,
    SEARCH,
    ADD_TO_CART,
    REMOVE_FROM_CART,
    PURCHASE,
    REVIEW,
    RATING;

    /** The snake_case name used in JSON and on topics, e.g. {@code add_to_cart}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether an event of this type must name the item it is about. */
    public boolean requiresItem() {
        return this != SEARCH;
    }

    /** Parses a wire name; empty when the name is not a known type. */
    public static Optional<EventType> fromWireName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst();
    }

    @JsonCreator
    static EventType fromJson(String name) {
        return fromWireName(name).orElseThrow(() -> new IllegalArgumentException("unknown event type: " + name));
    }
}
