package io.profilestream.ingest.validation;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why one field of one event or item was refused. The snake_case wire names are a client contract. */
public enum ViolationCode {
    /** A required field is absent or null. */
    MISSING,
    /** The JSON type is not the one the field needs (e.g. a string price). */
    WRONG_TYPE,
    /** A field this schema does not define; rejected so that typos are never silently dropped. */
    UNKNOWN_FIELD,
    /** A string field is empty or only whitespace. */
    EMPTY,
    /** A string field is longer than its limit (counted in Unicode code points). */
    TOO_LONG,
    /** A string field holds characters it may not hold (control characters, or outside an id alphabet). */
    INVALID_CHARACTERS,
    /** A string does not follow the required format (currency code, ISO-8601 instant). */
    INVALID_FORMAT,
    /** A number or instant outside its allowed range. */
    OUT_OF_RANGE,
    /** A value outside a closed set, e.g. an unknown event type. */
    UNSUPPORTED_VALUE,
    /** A schemaVersion this service does not understand. */
    UNSUPPORTED_VERSION,
    /** An NDJSON line that is not valid JSON. */
    MALFORMED_JSON;

    /** The code as it appears in responses, e.g. {@code wrong_type}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
