package io.profilestream.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads typed fields from one JSON object. Every problem becomes a {@link Violation} in the
 * shared list instead of an exception, so one pass reports all problems of an entry. Each
 * reader method returns null both for an absent optional field and for an invalid one; callers
 * decide validity from the violation list. JSON null counts as absent.
 */
final class FieldReader {

    /** Which characters a string field may hold. */
    enum Text {
        /** Letters, digits and {@code . _ : -} (ASCII only): ids that travel in keys and logs. */
        ID("may only contain letters, digits and . _ : -"),
        /** Anything but control characters. */
        SINGLE_LINE("must not contain control characters"),
        /** Anything but control characters other than tab, line feed and carriage return. */
        MULTI_LINE("must not contain control characters other than tab and line breaks");

        private final String rule;

        Text(String rule) {
            this.rule = rule;
        }

        boolean allows(String value) {
            return value.codePoints().allMatch(this::allows);
        }

        private boolean allows(int c) {
            return switch (this) {
                case ID -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '.' || c == '_' || c == ':' || c == '-';
                case SINGLE_LINE -> !Character.isISOControl(c);
                case MULTI_LINE -> !Character.isISOControl(c) || c == '\t' || c == '\n' || c == '\r';
            };
        }
    }

    /**
     * Whether a field must be present.
     *
     * @param required    whether absence is a violation
     * @param requiredFor what makes it required, for the message ("search events"), or null
     */
    record Need(boolean required, String requiredFor) {
        static final Need OPTIONAL = new Need(false, null);
        static final Need REQUIRED = new Need(true, null);

        static Need requiredIf(boolean condition, String requiredFor) {
            return condition ? new Need(true, requiredFor) : OPTIONAL;
        }

        String missingMessage(String path) {
            return requiredFor == null ? path + " is required" : path + " is required for " + requiredFor;
        }
    }

    /** Bounds of accepted instants: epoch milliseconds are never negative, and years have four digits. */
    static final Instant MIN_INSTANT = Instant.EPOCH;
    static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59.999Z");

    private static final Pattern CURRENCY = Pattern.compile("[A-Za-z]{3}");

    private final JsonNode object;
    private final String prefix;
    private final List<Violation> violations;

    /**
     * @param object     the JSON object to read
     * @param prefix     prepended to field names in violations, e.g. {@code "context."}
     * @param violations where violations are appended
     */
    FieldReader(JsonNode object, String prefix, List<Violation> violations) {
        this.object = object;
        this.prefix = prefix;
        this.violations = violations;
    }

    /** Adds an {@link ViolationCode#UNKNOWN_FIELD} violation for each field not in {@code known}. */
    void rejectUnknownFields(Set<String> known) {
        object.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                add(name, ViolationCode.UNKNOWN_FIELD, "unknown field " + path(name) + suggestion(name, known));
            }
        });
    }

    /** A string of 1..maxLength code points, not blank, whose characters {@code text} allows. */
    String text(String field, Need need, int maxLength, Text text) {
        JsonNode node = present(field, need);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            return reject(field, ViolationCode.WRONG_TYPE, "must be a string");
        }
        String value = node.textValue();
        if (value.isBlank()) {
            return reject(field, ViolationCode.EMPTY, "must not be empty");
        }
        int length = value.codePointCount(0, value.length());
        if (length > maxLength) {
            return reject(field, ViolationCode.TOO_LONG, "must be at most " + maxLength + " characters, got " + length);
        }
        if (!text.allows(value)) {
            return reject(field, ViolationCode.INVALID_CHARACTERS, text.rule);
        }
        return value;
    }

    /** A value of a closed set, named by a string that {@code lookup} resolves. */
    <E> E oneOf(String field, Need need, Function<String, Optional<E>> lookup, List<String> allowed) {
        String name = text(field, need, 64, Text.SINGLE_LINE);
        if (name == null) {
            return null;
        }
        Optional<E> value = lookup.apply(name);
        if (value.isEmpty()) {
            return reject(field, ViolationCode.UNSUPPORTED_VALUE, "must be one of " + String.join(", ", allowed));
        }
        return value.get();
    }

    /** A three-letter currency code in any case, returned as sent. */
    String currency(String field) {
        JsonNode node = present(field, Need.OPTIONAL);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            return reject(field, ViolationCode.WRONG_TYPE, "must be a string");
        }
        if (!CURRENCY.matcher(node.textValue()).matches()) {
            return reject(field, ViolationCode.INVALID_FORMAT, "must be a 3-letter ISO 4217 code such as EUR");
        }
        return node.textValue();
    }

    /** A finite number greater than or equal to zero, exactly as written (scale kept). */
    BigDecimal nonNegativeNumber(String field) {
        JsonNode node = present(field, Need.OPTIONAL);
        if (node == null) {
            return null;
        }
        if (!node.isNumber()) {
            return reject(field, ViolationCode.WRONG_TYPE, "must be a number");
        }
        if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            return reject(field, ViolationCode.OUT_OF_RANGE, "must be a finite number");
        }
        BigDecimal value = node.decimalValue();
        if (value.signum() < 0) {
            return reject(field, ViolationCode.OUT_OF_RANGE, "must be greater than or equal to 0");
        }
        // Downstream stages compute in double; a value that overflows it is not a price.
        if (!Double.isFinite(value.doubleValue())) {
            return reject(field, ViolationCode.OUT_OF_RANGE, "must be a finite number");
        }
        return value;
    }

    /** A JSON integer (no fraction part, not a string) within {@code min..max}. */
    Integer integer(String field, Need need, int min, int max) {
        JsonNode node = present(field, need);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber()) {
            return reject(field, ViolationCode.WRONG_TYPE, "must be an integer");
        }
        BigInteger value = node.bigIntegerValue();
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            return reject(field, ViolationCode.OUT_OF_RANGE, "must be between " + min + " and " + max);
        }
        return value.intValueExact();
    }

    /** A JSON boolean. */
    Boolean bool(String field) {
        JsonNode node = present(field, Need.OPTIONAL);
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            return reject(field, ViolationCode.WRONG_TYPE, "must be true or false");
        }
        return node.booleanValue();
    }

    /** An ISO-8601 instant string (offsets allowed) or integer epoch milliseconds, 1970..9999. */
    Instant instant(String field) {
        JsonNode node = present(field, Need.OPTIONAL);
        if (node == null) {
            return null;
        }
        Instant value;
        if (node.isTextual()) {
            try {
                value = Instant.parse(node.textValue());
            } catch (DateTimeParseException e) {
                return reject(field, ViolationCode.INVALID_FORMAT,
                        "must be an ISO-8601 instant such as 2025-01-31T12:00:00Z");
            }
        } else if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                return reject(field, ViolationCode.OUT_OF_RANGE, instantRange());
            }
            long millis = node.longValue();
            if (millis < MIN_INSTANT.toEpochMilli() || millis > MAX_INSTANT.toEpochMilli()) {
                return reject(field, ViolationCode.OUT_OF_RANGE, instantRange());
            }
            value = Instant.ofEpochMilli(millis);
        } else {
            return reject(field, ViolationCode.WRONG_TYPE,
                    "must be an ISO-8601 string or an integer number of epoch milliseconds");
        }
        if (value.isBefore(MIN_INSTANT) || value.isAfter(MAX_INSTANT)) {
            return reject(field, ViolationCode.OUT_OF_RANGE, instantRange());
        }
        return value;
    }

    /** A nested JSON object, to be read with its own {@link FieldReader}. */
    JsonNode object(String field) {
        JsonNode node = present(field, Need.OPTIONAL);
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            return reject(field, ViolationCode.WRONG_TYPE, "must be an object");
        }
        return node;
    }

    /** Records a violation on {@code field} with a message about this object's path. */
    void add(String field, ViolationCode code, String message) {
        violations.add(new Violation(path(field), code, message));
    }

    /** Rejects with a message that starts with the field path; returns null for the caller to return. */
    <T> T reject(String field, ViolationCode code, String rule) {
        add(field, code, path(field) + " " + rule);
        return null;
    }

    private JsonNode present(String field, Need need) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            if (need.required()) {
                add(field, ViolationCode.MISSING, need.missingMessage(path(field)));
            }
            return null;
        }
        return node;
    }

    private String path(String field) {
        return prefix + field;
    }

    private static String instantRange() {
        return "must be between " + MIN_INSTANT + " and " + MAX_INSTANT;
    }

    private static String suggestion(String name, Set<String> known) {
        String wanted = normalise(name);
        return known.stream()
                .filter(k -> normalise(k).equals(wanted))
                .findFirst()
                .map(k -> " (did you mean " + k + "?)")
                .orElse("");
    }

    private static String normalise(String name) {
        return name.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    }
}
