package io.profilestream.ingest.validation;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.util.Objects;

/**
 * One reason an event or item was refused.
 *
 * @param field   the JSON field concerned, dotted for nested fields ({@code context.ip}), or
 *                {@value #WHOLE_ENTRY} for the entry as a whole
 * @param code    machine-readable reason
 * @param message human-readable explanation naming the rule that was broken
 */
@Schema(description = "One rule an entry broke.")
public record Violation(
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "The field, dotted when nested (`context.ip`), or "
                + "`$` for the entry as a whole.", example = "query")
        String field,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "Machine-readable reason.", example = "missing")
        ViolationCode code,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "Human-readable reason.",
                example = "query is required for search events")
        String message) {

    /** The field name used when the problem is the entry itself (not an object, not JSON). */
    public static final String WHOLE_ENTRY = "$";

    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
