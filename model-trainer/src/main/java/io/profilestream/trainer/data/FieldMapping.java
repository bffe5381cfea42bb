package io.profilestream.trainer.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which source column feeds which interaction field, parsed from {@code field=column,...}: the
 * syntax of {@link io.profilestream.generator.replay.ColumnMapping}, plus {@code timeoffset}, a
 * column of milliseconds added to {@code time} (Diginetica gives a date plus a "timeframe" in ms,
 * and only the sum orders a session's clicks). Columns are header names (CSV), field names (JSON
 * lines) or 0-based indexes (CSV without header). Only item and time are required; without a
 * session column sessions are derived from the user column by inactivity gap, so one of them must
 * be present.
 *
 * @param columns field → column
 */
public record FieldMapping(Map<String, String> columns) {

    /** Fields a mapping may name; brand and currency are accepted (replay presets use them) and ignored. */
    public static final List<String> FIELDS = List.of(
            "session", "user", "item", "time", "timeoffset", "type", "category", "price", "brand", "currency");

    public FieldMapping {
        columns = Map.copyOf(columns);
        if (!columns.containsKey("item") || !columns.containsKey("time")) {
            throw new IllegalArgumentException("a column mapping must name at least item and time, got " + columns.keySet());
        }
        if (!columns.containsKey("session") && !columns.containsKey("user")) {
            throw new IllegalArgumentException(
                    "a column mapping must name session, or user so sessions can be derived by inactivity gap");
        }
    }

    /** Parses {@code field=column,...}; an unknown field is an error naming the known ones. */
    public static FieldMapping parse(String spec) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                throw new IllegalArgumentException("expected field=column, got '" + part + "'");
            }
            String field = kv[0].trim().toLowerCase(Locale.ROOT);
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("unknown field '" + field + "'; known: " + FIELDS);
            }
            if (out.put(field, kv[1].trim()) != null) {
                throw new IllegalArgumentException("field '" + field + "' is mapped twice");
            }
        }
        return new FieldMapping(out);
    }

    /** The column of {@code field}, if mapped. */
    public Optional<String> column(String field) {
        return Optional.ofNullable(columns.get(field));
    }

    /** Whether sessions come from a column (else they are derived from users by gap). */
    public boolean hasSession() {
        return columns.containsKey("session");
    }

    /** Whether every mapped column is a 0-based index. */
    public boolean byIndex() {
        return columns.values().stream().allMatch(v -> v.chars().allMatch(Character::isDigit));
    }
}
