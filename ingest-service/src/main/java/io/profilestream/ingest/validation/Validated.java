package io.profilestream.ingest.validation;

import java.util.List;

/**
 * The outcome of validating one entry: either a value or at least one violation.
 *
 * @param id         the entry's own id (eventId / itemId) when that field itself was valid, else null
 * @param value      the built value, null when there are violations
 * @param violations every problem found, in field order; empty when valid
 * @param <V> the value type
 */
public record Validated<V>(String id, V value, List<Violation> violations) {

    public Validated {
        violations = List.copyOf(violations);
        if ((value == null) == violations.isEmpty()) {
            throw new IllegalArgumentException("exactly one of value and violations must be given");
        }
    }

    /** Whether the entry passed every check. */
    public boolean isValid() {
        return value != null;
    }
}
