package io.profilestream.ingest.validation;

import java.util.Objects;

/**
 * One reason an event or item was refused.
 *
 * @param field   the JSON field concerned, dotted for nested fields ({@code context.ip}), or
 *                {@value #WHOLE_ENTRY} for the entry as a whole
 * @param code    machine-readable reason
 * @param message human-readable explanation naming the rule that was broken
 */
public record Violation(String field, ViolationCode code, String message) {

    /** The field name used when the problem is the entry itself (not an object, not JSON). */
    public static final String WHOLE_ENTRY = "$";

    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
