package io.profilestream.recommender.demand;

import io.profilestream.recommender.api.PeerForwarder;
import io.profilestream.recommender.api.StoreUnavailableException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/demand/categories/{category}} and {@code GET /v1/demand/items/{itemId}}: hourly
 * demand and its forecast. Categories and items live in partitioned window stores, so, as for
 * recommendations, a request for a key another instance owns is forwarded there (path kept as it
 * arrived, still percent-encoded) and its answer relayed unchanged.
 */
@RestController
@Tag(name = "demand", description = "Hourly demand per category and item, and its forecast")
public class DemandController {

    /** Hours forecast when the request names none. */
    public static final int DEFAULT_HORIZON_HOURS = 24;

    private final DemandService service;
    private final PeerForwarder forwarder;

    public DemandController(DemandService service, PeerForwarder forwarder) {
        this.service = service;
        this.forwarder = forwarder;
    }

    /** A category's demand. */
    @GetMapping("/v1/demand/categories/{category}")
    @Operation(summary = "Hourly demand of a category and its forecast", description = """
            The last history-days (14 by default) of complete hours: views, add-to-carts and purchased \
            units, each user counted at most per-user-hourly-cap (5) times per measure and hour, released \
            with differential privacy (discrete Laplace noise; each hour released once and kept, see \
            privacy.releases), and an additive Holt-Winters forecast (daily season) of each measure, \
            fitted on the released counts, for the next horizonHours hours with a 95% interval, clipped \
            at 0. Any instance answers.""")
    @ApiResponse(responseCode = "200", description = "History and forecast", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = DemandResponse.class),
            examples = @ExampleObject(name = "category", summary = "A category (cut to two hours)",
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
    @ApiResponse(responseCode = "429", description = "Hours not released yet do not fit in the privacy budget; retry "
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
    public ResponseEntity<?> category(@Parameter(description = "The category as events name it (trimmed, lower "
                                              + "case), percent-encoded as one path segment", example = "electronics%2Fphones")
                                      @PathVariable String category,
                                      @Parameter(description = "Hours to forecast: 1 up to profilestream.demand."
                                              + "max-horizon-hours (168 by default)",
                                              schema = @Schema(type = "integer", format = "int32", minimum = "1",
                                                      defaultValue = "24"))
                                      @RequestParam(name = "horizonHours", required = false) Integer horizonHours,
                                      @Parameter(hidden = true)
                                      @RequestHeader(name = PeerForwarder.FORWARDED_HEADER, defaultValue = "false")
                                      boolean forwarded,
                                      HttpServletRequest request) {
        return answer(DemandKind.CATEGORY, category, horizonHours, forwarded, request);
    }

    /** An item's demand. */
    @GetMapping("/v1/demand/items/{itemId}")
    @Operation(summary = "Hourly demand of an item and its forecast", description = """
            As for a category, for one item (every category it was seen in).""")
    @ApiResponse(responseCode = "200", description = "History and forecast", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = DemandResponse.class),
            examples = @ExampleObject(name = "category", summary = "A category (cut to two hours)",
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
    @ApiResponse(responseCode = "429", description = "Hours not released yet do not fit in the privacy budget; retry "
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
    public ResponseEntity<?> item(@Parameter(description = "The shop's item id, percent-encoded as one path segment",
                                          example = "sku-1042")
                                  @PathVariable String itemId,
                                  @Parameter(description = "Hours to forecast: 1 up to profilestream.demand."
                                          + "max-horizon-hours (168 by default)",
                                          schema = @Schema(type = "integer", format = "int32", minimum = "1",
                                                  defaultValue = "24"))
                                  @RequestParam(name = "horizonHours", required = false) Integer horizonHours,
                                  @Parameter(hidden = true)
                                  @RequestHeader(name = PeerForwarder.FORWARDED_HEADER, defaultValue = "false")
                                  boolean forwarded,
                                  HttpServletRequest request) {
        return answer(DemandKind.ITEM, itemId, horizonHours, forwarded, request);
    }

    private ResponseEntity<?> answer(DemandKind kind, String id, Integer horizonHours, boolean forwarded,
                                     HttpServletRequest request) {
        DemandService.Outcome outcome = service.demand(kind, id,
                horizonHours == null ? DEFAULT_HORIZON_HOURS : horizonHours);
        if (outcome instanceof DemandService.Outcome.Answered answered) {
            return ResponseEntity.ok(answered.response());
        }
        DemandService.Outcome.OwnedElsewhere elsewhere = (DemandService.Outcome.OwnedElsewhere) outcome;
        if (forwarded) {
            throw new StoreUnavailableException("this request was forwarded here, but the " + kind.wireName()
                    + " is owned by " + elsewhere.owner().host() + ":" + elsewhere.owner().port()
                    + " (ownership is moving)");
        }
        String query = request.getQueryString();
        return forwarder.forward(elsewhere.owner(), request.getRequestURI() + (query == null ? "" : "?" + query));
    }
}
