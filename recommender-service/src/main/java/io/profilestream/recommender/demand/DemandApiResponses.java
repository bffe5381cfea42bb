package io.profilestream.recommender.demand;

import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * The answers both demand endpoints document (categories and items answer alike), written once:
 * springdoc reads {@link ApiResponse}s through meta-annotations.
 */
@ApiResponse(responseCode = "200", description = "History and forecast", content = @Content(
        mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = DemandResponse.class),
        examples = @ExampleObject(name = "category", summary = "A category with differential privacy (cut to two hours)",
                value = DemandApiExamples.CATEGORY)))
@ApiResponse(responseCode = "400", description = "horizonHours is not an integer or outside 1..max-horizon-hours "
        + "(problem type urn:profilestream:problem:invalid-parameter)", content = @Content(
        mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
        schema = @Schema(ref = "#/components/schemas/Problem"),
        examples = @ExampleObject(name = "out-of-range", value = DemandApiExamples.HORIZON_OUT_OF_RANGE)))
@ApiResponse(responseCode = "404", description = "Unknown: not in the catalogue (with differential privacy), or no "
        + "demand in the history shown (exact counts) (problem type urn:profilestream:problem:demand-not-found)", content = @Content(
        mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
        schema = @Schema(ref = "#/components/schemas/Problem"),
        examples = @ExampleObject(name = "demand-not-found", value = DemandApiExamples.NOT_FOUND)))
@ApiResponse(responseCode = "429", description = "Items only (categories are released on a schedule and never "
        + "spend budget at request time): hours not released yet do not fit in the privacy budget; retry "
        + "after the Retry-After seconds, when the budget period ends (problem type "
        + "urn:profilestream:problem:privacy-budget-exhausted)",
        headers = @Header(name = HttpHeaders.RETRY_AFTER, description = "Seconds until the budget is full again",
                schema = @Schema(type = "integer", example = "3600")),
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(ref = "#/components/schemas/Problem"),
                examples = @ExampleObject(name = "privacy-budget-exhausted",
                        value = DemandApiExamples.BUDGET_EXHAUSTED)))
@ApiResponse(responseCode = "503", description = "The demand store cannot be read right now; retry after the "
        + "Retry-After seconds (problem type urn:profilestream:problem:store-unavailable)",
        headers = @Header(name = HttpHeaders.RETRY_AFTER, description = "Seconds to wait before retrying",
                schema = @Schema(type = "integer", example = "1")),
        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                schema = @Schema(ref = "#/components/schemas/Problem"),
                examples = @ExampleObject(name = "store-unavailable", value = DemandApiExamples.UNAVAILABLE)))
@ApiResponse(responseCode = "500", description = "Unexpected error (problem type "
        + "urn:profilestream:problem:internal-error)", content = @Content(
        mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
        schema = @Schema(ref = "#/components/schemas/Problem"),
        examples = @ExampleObject(name = "internal-error", value = DemandApiExamples.INTERNAL_ERROR)))
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@interface DemandApiResponses {
}
