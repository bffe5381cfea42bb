package io.profilestream.ingest.web.openapi;

import io.profilestream.ingest.validation.ViolationCode;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.util.List;

/**
 * The OpenAPI schema of every error answer ({@code application/problem+json}, RFC 9457), with
 * the extension members ingest adds. The answers themselves are Spring {@code ProblemDetail}s
 * built by {@code Problems}; this record only describes them and is never instantiated.
 */
@Schema(name = "Problem", description = """
        An RFC 9457 problem. `type` names the problem precisely; the extension members after `instance` are \
        present only for the problem types that name them.""")
public record ProblemSchema(
        @Schema(requiredMode = RequiredMode.REQUIRED, format = "uri", description = """
                `urn:profilestream:problem:<slug>`. Slugs: `malformed-json`, `invalid-body`, `empty-body`, \
                `unreadable-body`, `invalid-events`, `invalid-items`, `body-too-large`, `batch-too-large`, \
                `unsupported-media-type`, `unauthenticated`, `forbidden`, `invalid-user-id`, `erasure-not-found`, \
                `overloaded`, `broker-unavailable`, `erasure-status-unavailable`, `publish-failed`, `internal-error`, and for \
                other refusals of the HTTP layer the status name (`not-found`, `method-not-allowed`...).""",
                example = "urn:profilestream:problem:invalid-events")
        String type,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "Short summary of the problem type.",
                example = "Invalid events")
        String title,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "The HTTP status.", example = "400")
        int status,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "What went wrong with this request.",
                example = "the request body contains no entries")
        String detail,
        @Schema(requiredMode = RequiredMode.REQUIRED, format = "uri-reference", description = "The request path.",
                example = "/v1/events")
        String instance,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "The request's id, as in the `X-Request-Id` "
                + "response header; quote it when reporting a problem. Not to be confused with the `requestId` of an "
                + "erasure, which names the erasure.", example = "3b0f7f5e-3c1a-4b8e-9d62-0c1f4c6f2a11")
        String requestId,
        @Schema(description = "`invalid-events`, `invalid-items`, `invalid-user-id`: every rule the entries broke.")
        List<ProblemError> errors,
        @Schema(description = "`broker-unavailable`, `publish-failed` of an ingest request: positions of the entries "
                + "Kafka stored before it failed. Retrying the whole request is safe: duplicates are removed by "
                + "eventId downstream.")
        List<Integer> storedIndices,
        @Schema(description = "`body-too-large`: the largest body accepted, in bytes.", example = "1048576")
        Integer maxBodyBytes,
        @Schema(description = "`batch-too-large`: the most entries one request may carry.", example = "500")
        Integer maxBatchSize,
        @Schema(description = "`batch-too-large`: how many entries the request carried.", example = "501")
        Integer received,
        @Schema(description = "`malformed-json`: 1-based line of the error, -1 when unknown.", example = "2")
        Integer line,
        @Schema(description = "`malformed-json`: 1-based column of the error, -1 when unknown.", example = "19")
        Integer column,
        @Schema(description = "`overloaded`: the most request-body bytes ingest holds at once while Kafka has not "
                + "confirmed them (`profilestream.ingest.max-in-flight-bytes`).", example = "33554432")
        Long maxInFlightBytes,
        @Schema(description = "`unauthenticated`, `forbidden`: the API-key role the endpoint requires.",
                example = "ADMIN")
        String requiredRole) {

    /** One broken rule in a problem's {@code errors}. */
    @Schema(name = "ProblemError")
    public record ProblemError(
            @Schema(description = "The entry's position in the request, from 0; absent for `invalid-user-id`.",
                    example = "0")
            Integer index,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "The field, dotted when nested "
                    + "(`context.ip`), or `$` for the entry as a whole.", example = "userId")
            String field,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "Machine-readable reason.",
                    example = "missing")
            ViolationCode code,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "Human-readable reason.",
                    example = "userId is required")
            String message) {
    }
}
