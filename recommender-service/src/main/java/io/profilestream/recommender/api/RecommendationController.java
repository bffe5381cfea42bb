package io.profilestream.recommender.api;

import io.profilestream.recommender.config.RecommenderSettings;
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
 * {@code GET /v1/recommendations/{userId}?k=20}: the caller passes the shop's raw user id,
 * percent-encoded as one path segment, e.g.
 * {@code curl 'http://127.0.0.1:8084/v1/recommendations/a%2Fb?k=5'} for user {@code a/b}.
 * Tomcat refuses an encoded slash with 400 unless told otherwise, which is why
 * {@link io.profilestream.recommender.config.EncodedSlashConfiguration} lets {@code %2F} and
 * {@code %5C} through to Spring MVC, which decodes the segment into the path variable. A request
 * forwarded to the owning instance keeps the path exactly as it arrived, still encoded.
 */
@RestController
@Tag(name = "recommendations", description = "Personalised recommendations")
public class RecommendationController {

    private final RecommendationService service;
    private final PeerForwarder forwarder;
    private final int defaultK;

    public RecommendationController(RecommendationService service, PeerForwarder forwarder,
                                    RecommenderSettings settings) {
        this.service = service;
        this.forwarder = forwarder;
        this.defaultK = settings.defaultK();
    }

    /** Recommendations for one user, answered here or by the instance that owns the user's profile. */
    @GetMapping("/v1/recommendations/{userId}")
    @Operation(summary = "Recommendations for one user, best first, with what each score is made of",
            description = """
                    Serves the model's list when a model is loaded and the user's session has LSTM \
                    state (path `lstm+mlp`, or `lstm` for an artifact without ranker; `+popular-fill` \
                    appended when business filters left it short), popular items in the user's \
                    categories for a known user the model cannot serve (`category-popular`), and \
                    plain popularity for an unknown user (`popular`, `fallback: true`). Items the user \
                    bought, items out of stock and items already shown to the user too often are \
                    never listed. The list served is recorded as shown. Any instance answers: a \
                    request for a user whose profile another instance holds is forwarded there and \
                    its answer relayed unchanged.""")
    @ApiResponse(responseCode = "200", description = "Recommendations (possibly fewer than k when the catalogue "
            + "has fewer eligible items)", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = RecommendationResponse.class), examples = {
                    @ExampleObject(name = "model", summary = "A known user served by the model",
                            value = ApiExamples.RECOMMENDATIONS_MODEL),
                    @ExampleObject(name = "category-popular", summary = "A known user the model cannot serve yet",
                            value = ApiExamples.RECOMMENDATIONS_CATEGORY_POPULAR),
                    @ExampleObject(name = "unknown-user", summary = "A user without profile: popularity",
                            value = ApiExamples.RECOMMENDATIONS_UNKNOWN_USER)}))
    @ApiResponse(responseCode = "400", description = "k is not an integer or outside 1..max-k "
            + "(problem type urn:profilestream:problem:invalid-parameter)", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = Problem.class),
            examples = {
                    @ExampleObject(name = "out-of-range", value = ApiExamples.K_OUT_OF_RANGE),
                    @ExampleObject(name = "not-an-integer", value = ApiExamples.K_NOT_AN_INTEGER)}))
    @ApiResponse(responseCode = "503", description = "The user's profile cannot be read right now (Kafka Streams "
            + "starting or rebalancing, or the owning instance unreachable); retry after the Retry-After seconds "
            + "(problem type urn:profilestream:problem:store-unavailable)",
            headers = @Header(name = HttpHeaders.RETRY_AFTER, description = "Seconds to wait before retrying",
                    schema = @Schema(type = "integer", example = "1")),
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "store-unavailable", value = ApiExamples.RECOMMENDATIONS_UNAVAILABLE)))
    @ApiResponse(responseCode = "500", description = "Unexpected error, logged without the user id "
            + "(problem type urn:profilestream:problem:internal-error)", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = Problem.class),
            examples = @ExampleObject(name = "internal-error", value = ApiExamples.INTERNAL_ERROR)))
    public ResponseEntity<?> recommend(@Parameter(description = "The shop's own user id, percent-encoded as ONE path "
                                               + "segment (user a/b as a%2Fb). Pseudonymised on arrival; the raw id is "
                                               + "neither stored nor logged.", example = "u-1042")
                                       @PathVariable String userId,
                                       @Parameter(description = "How many items to return: 1 up to "
                                               + "profilestream.recommender.max-k (100 by default); when absent, "
                                               + "profilestream.recommender.default-k (20 by default)",
                                               schema = @Schema(type = "integer", format = "int32", minimum = "1"),
                                               example = "10")
                                       @RequestParam(name = "k", required = false) Integer k,
                                       @Parameter(hidden = true)
                                       @RequestHeader(name = PeerForwarder.FORWARDED_HEADER, defaultValue = "false")
                                       boolean forwarded,
                                       HttpServletRequest request) {
        RecommendationService.Outcome outcome = service.recommend(userId, k == null ? defaultK : k);
        if (outcome instanceof RecommendationService.Outcome.Answered answered) {
            return ResponseEntity.ok(answered.response());
        }
        RecommendationService.Outcome.OwnedElsewhere elsewhere = (RecommendationService.Outcome.OwnedElsewhere) outcome;
        if (forwarded) {
            throw new StoreUnavailableException("this request was forwarded here, but the profile is owned by "
                    + elsewhere.owner().host() + ":" + elsewhere.owner().port() + " (ownership is moving)");
        }
        String query = request.getQueryString();
        return forwarder.forward(elsewhere.owner(), request.getRequestURI() + (query == null ? "" : "?" + query));
    }
}
