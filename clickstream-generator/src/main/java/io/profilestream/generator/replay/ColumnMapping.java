package io.profilestream.generator.replay;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which source column feeds which event field, parsed from {@code field=column,...}
 * (e.g. {@code user=user_id,item=product_id,time=event_time,type=event_type}). Columns are
 * header names, or 0-based indexes for files without a header.
 *
 * @param columns field name → column name or index
 */
public record ColumnMapping(Map<String, String> columns) {

    /** Fields a mapping may name. */
    public static final Set<String> FIELDS = Set.of(
            "user", "session", "item", "time", "type", "category", "brand", "price", "currency");

    /** Column mappings for the public samples in shared/data, by name. */
    public static final Map<String, String> PRESETS = Map.of(
            "rees46", "time=event_time,type=event_type,item=product_id,category=category_code,brand=brand,price=price,user=user_id,session=user_session",
            "taobao", "user=0,item=1,category=2,type=3,time=4",
            "diginetica", "session=session_id,user=user_id,item=item_id,time=eventdate");

    public ColumnMapping {
        columns = Map.copyOf(columns);
        if (!columns.containsKey("item") || !columns.containsKey("time")) {
            throw new IllegalArgumentException("a column mapping must name at least item and time, got " + columns.keySet());
        }
        if (!columns.containsKey("user") && !columns.containsKey("session")) {
            throw new IllegalArgumentException("a column mapping must name user or session");
        }
    }

    /** Parses {@code field=column,...}; unknown fields are an error naming the allowed ones. */
    public static ColumnMapping parse(String spec) {
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
            out.put(field, kv[1].trim());
        }
        return new ColumnMapping(out);
    }

    /** Whether every mapped column is a numeric index (a file without header). */
    public boolean byIndex() {
        return columns.values().stream().allMatch(v -> v.chars().allMatch(Character::isDigit));
    }
}
