package io.profilestream.trainer.data;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/** Turns one source row into an interaction through a {@link FieldMapping}, or says why it cannot. */
final class RowDecoder {

    /** Source event-type names of the public samples mapped onto our wire names; others are rejected. */
    static final Map<String, String> TYPE_NAMES = Map.ofEntries(
            Map.entry("view", "view"), Map.entry("pv", "view"), Map.entry("click", "view"),
            Map.entry("cart", "add_to_cart"), Map.entry("add_to_cart", "add_to_cart"),
            Map.entry("addtocart", "add_to_cart"), Map.entry("fav", "add_to_cart"),
            Map.entry("remove_from_cart", "remove_from_cart"),
            Map.entry("purchase", "purchase"), Map.entry("buy", "purchase"), Map.entry("transaction", "purchase"),
            Map.entry("search", "search"), Map.entry("review", "review"), Map.entry("rating", "rating"));

    private final FieldMapping mapping;

    RowDecoder(FieldMapping mapping) {
        this.mapping = mapping;
    }

    /**
     * Decodes the current row. Without a session column the session id is left empty: sessions
     * are derived later, once all of a user's clicks are known.
     *
     * @return the interaction, or null for a search that names no item: a valid event, but not an
     * interaction with an item, so it is skipped rather than rejected
     */
    Interaction decode(RowSource row) {
        String item = optional(row, "item");
        if (item == null) {
            String type = optional(row, "type");
            if (type != null && "search".equals(TYPE_NAMES.get(type.toLowerCase(Locale.ROOT)))) {
                return null;
            }
            throw new RowRejectedException("item is empty");
        }
        long time = TimeParser.toEpochMillis(require(row, "time"));
        String offset = optional(row, "timeoffset");
        if (offset != null) {
            try {
                time = Math.addExact(time, Long.parseLong(offset));
            } catch (NumberFormatException | ArithmeticException e) {
                throw new RowRejectedException("timeoffset '" + offset + "' is not a whole number of milliseconds");
            }
        }
        String user = optional(row, "user");
        if (user != null && user.equalsIgnoreCase("NA")) {
            user = null;
        }
        String session = "";
        if (mapping.hasSession()) {
            session = require(row, "session");
        } else if (user == null) {
            throw new RowRejectedException("user is empty, and sessions are derived from users (no session column)");
        }
        String type = optional(row, "type");
        if (type != null) {
            String wire = TYPE_NAMES.get(type.toLowerCase(Locale.ROOT));
            if (wire == null) {
                throw new RowRejectedException("unknown event type '" + type + "'; known: " + new java.util.TreeSet<>(TYPE_NAMES.keySet()));
            }
            type = wire;
        }
        String price = optional(row, "price");
        if (price != null) {
            try {
                if (new BigDecimal(price).signum() < 0) {
                    throw new RowRejectedException("price " + price + " is negative");
                }
            } catch (NumberFormatException e) {
                throw new RowRejectedException("price '" + price + "' is not a number");
            }
        }
        return new Interaction(session, user, item, time, type, optional(row, "category"), price);
    }

    private String optional(RowSource row, String field) {
        String column = mapping.columns().get(field);
        return column == null ? null : row.value(column);
    }

    private String require(RowSource row, String field) {
        String v = optional(row, field);
        if (v == null) {
            throw new RowRejectedException(field + " is empty");
        }
        return v;
    }
}
