package io.profilestream.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.ingest.validation.FieldReader.Need;
import io.profilestream.ingest.validation.FieldReader.Text;
import io.profilestream.model.event.ItemUpdate;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Validates a catalogue update from its JSON tree and builds the normalised {@link ItemUpdate}:
 * category and brand trimmed and lower case, currency upper case, so that the compacted items
 * topic holds one spelling per item.
 */
public final class ItemValidator implements EntryValidator<ItemUpdate> {

    /** Every field an item may carry; any other field is an {@link ViolationCode#UNKNOWN_FIELD}. */
    public static final Set<String> FIELDS = Set.of("itemId", "category", "brand", "price", "currency", "inStock",
            "updatedAt");

    @Override
    public Validated<ItemUpdate> validate(JsonNode entry, Instant receivedAt) {
        if (!entry.isObject()) {
            return new Validated<>(null, null,
                    List.of(new Violation(Violation.WHOLE_ENTRY, ViolationCode.WRONG_TYPE, "an item must be a JSON object")));
        }
        List<Violation> violations = new ArrayList<>();
        FieldReader f = new FieldReader(entry, "", violations);
        f.rejectUnknownFields(FIELDS);

        String itemId = f.text("itemId", Need.REQUIRED, 128, Text.SINGLE_LINE);
        String category = f.text("category", Need.REQUIRED, 256, Text.SINGLE_LINE);
        String brand = f.text("brand", Need.OPTIONAL, 128, Text.SINGLE_LINE);
        BigDecimal price = f.nonNegativeNumber("price");
        String currency = f.currency("currency");
        Boolean inStock = f.bool("inStock");
        Instant updatedAt = f.instant("updatedAt");

        if (!violations.isEmpty()) {
            return new Validated<>(itemId, null, violations);
        }
        ItemUpdate item = new ItemUpdate(itemId, lower(category), lower(brand), price,
                currency == null ? null : currency.toUpperCase(Locale.ROOT),
                inStock == null || inStock,
                updatedAt == null ? receivedAt : updatedAt);
        return new Validated<>(itemId, item, List.of());
    }

    private static String lower(String value) {
        return value == null ? null : value.strip().toLowerCase(Locale.ROOT);
    }
}
