package io.profilestream.recommender.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;

/**
 * The shape of every error answer, for the OpenAPI description only: {@link ProblemAdvice} builds
 * the answers themselves as Spring's {@link org.springframework.http.ProblemDetail}, whose
 * extension members are written as top-level fields (which a {@code ProblemDetail} schema would
 * show nested under {@code properties}).
 *
 * @param type     {@code urn:profilestream:problem:<slug>}
 * @param title    short summary of the problem type
 * @param status   the HTTP status code
 * @param detail   what went wrong with this request
 * @param instance the request path
 */
@Schema(name = "Problem", description = "RFC 9457 problem details (media type application/problem+json). Besides "
        + "these members a problem type may add its own: parameter, min and max (invalid-parameter), itemId "
        + "(item-not-found), kind, id and historyDays (demand-not-found), budget, spent, requested and resetsAt "
        + "(privacy-budget-exhausted).", additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
record Problem(
        @Schema(description = "urn:profilestream:problem:<slug>", example = "urn:profilestream:problem:invalid-parameter",
                requiredMode = Schema.RequiredMode.REQUIRED)
        URI type,
        @Schema(description = "Short summary of the problem type", example = "Invalid request parameter",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String title,
        @Schema(description = "The HTTP status code", example = "400", requiredMode = Schema.RequiredMode.REQUIRED)
        int status,
        @Schema(description = "What went wrong with this request", example = "k must be between 1 and 100, got 0")
        String detail,
        @Schema(description = "The request path", example = "/v1/recommendations/u-1042")
        URI instance) {
}
