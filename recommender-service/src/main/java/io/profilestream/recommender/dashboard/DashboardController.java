package io.profilestream.recommender.dashboard;

import io.profilestream.recommender.api.PeerForwarder;
import io.profilestream.recommender.api.StoreUnavailableException;
import io.profilestream.recommender.config.RecommenderSettings;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The JSON behind the dashboard page ({@code /dashboard/}): this instance's live rates, and one
 * user's profile with their recommendations. A user is asked for by the shop's raw id, as with
 * {@code /v1/recommendations/{userId}}, and answered by the instance that owns their profile.
 * Nothing here records an impression or counts as a served recommendation.
 */
@RestController
@Tag(name = "Dashboard", description = "Live view of one recommender instance and of one user, for the dashboard page")
public class DashboardController {

    private static final String RATES_EXAMPLE = """
            {"asOf":"2025-03-01T12:00:05Z","overSeconds":5.0,"eventsPerSecond":412.6,\
            "recommendationsPerSecond":88.2,"modelVersion":"2025-03-01T02-00-00Z"}""";
    private static final String USER_EXAMPLE = """
            {"userKey":"4f1c0e7a9b2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e","profile":{"eventCount":42,\
            "counts":{"view":30,"search":4,"add_to_cart":5,"purchase":3},\
            "topCategories":[{"category":"electronics/audio","share":0.61},{"category":"books","share":0.39}],\
            "priceBand":{"typical":79.9,"low":41.2,"high":155.0,"count":38},\
            "recentItems":[{"itemId":"sku-123","category":"electronics/audio"}],\
            "neural":{"modelVersion":"2025-03-01T02-00-00Z","steps":6},\
            "firstEventTime":"2025-02-27T09:12:00Z","lastEventTime":"2025-03-01T11:59:58Z"},\
            "recommendations":{"userKey":"4f1c0e7a9b2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e",\
            "path":"lstm+mlp","modelVersion":"2025-03-01T02-00-00Z","strategy":"neural","fallback":false,"k":1,\
            "generatedAt":"2025-03-01T12:00:00Z","profileEvents":42,"items":[{"itemId":"sku-456","score":0.91,\
            "parts":{"lstm_score":3.2,"mlp_score":0.91},"category":"electronics/audio","brand":"acme",\
            "price":59.00,"currency":"EUR"}]},"segment":{"id":1,"description":"about 388 users; top categories \
            electronics/phones; price band high; churn risk low; activity heavy"}}""";
    private static final String PROBLEM_400 = """
            {"type":"urn:profilestream:problem:invalid-parameter","title":"Invalid request parameter","status":400,\
            "detail":"k must be between 1 and 100, got 0","instance":"/v1/dashboard/users/u-42","parameter":"k",\
            "min":1,"max":100}""";
    private static final String PROBLEM_503 = """
            {"type":"urn:profilestream:problem:store-unavailable","title":"State store not available","status":503,\
            "detail":"the profiles or impressions store is not queryable yet (restoring or rebalancing)",\
            "instance":"/v1/dashboard/users/u-42"}""";

    private final DashboardService dashboard;
    private final PeerForwarder forwarder;
    private final int defaultK;

    public DashboardController(DashboardService dashboard, PeerForwarder forwarder, RecommenderSettings settings) {
        this.dashboard = dashboard;
        this.forwarder = forwarder;
        this.defaultK = settings.defaultK();
    }

    /** This instance's rates over the last few seconds and the model version it serves. */
    @Operation(summary = "Live rates of this instance",
            description = "Events reaching this instance and recommendations it served, per second over the last "
                    + "few seconds, and the model version it serves. Rates are null until two readings a second or "
                    + "more apart exist (the first call after a quiet spell): poll about once a second.")
    @ApiResponse(responseCode = "200", description = "The rates", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = RatesView.class),
            examples = @ExampleObject(name = "measuring", value = RATES_EXAMPLE)))
    @GetMapping(path = "/v1/dashboard/rates", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<RatesView> rates() {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(dashboard.rates());
    }

    /** One user's profile and recommendations, answered here or by the instance that owns the profile. */
    @Operation(summary = "One user's profile and recommendations",
            description = "The profile summary this instance holds for the user (null for an unknown user) and the "
                    + "list GET /v1/recommendations/{userId} would answer now, computed without recording an "
                    + "impression, so polling it does not change what the user is shown. Forwarded to the "
                    + "instance that owns the profile, like a recommendation request.")
    @ApiResponse(responseCode = "200", description = "The user's profile summary and recommendations",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = UserView.class),
                    examples = @ExampleObject(name = "known user", value = USER_EXAMPLE)))
    @ApiResponse(responseCode = "400", description = "k outside 1..max-k, or not a number", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
            schema = @Schema(implementation = ProblemDetail.class),
            examples = @ExampleObject(name = "k out of range", value = PROBLEM_400)))
    @ApiResponse(responseCode = "503", description = "The profile cannot be looked up right now (Retry-After: 1)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class),
                    examples = @ExampleObject(name = "rebalancing", value = PROBLEM_503)))
    @GetMapping(path = "/v1/dashboard/users/{userId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> user(
            @Parameter(description = "The shop's raw user id, percent-encoded as one path segment", example = "u-42")
            @PathVariable String userId,
            @Parameter(description = "Number of recommendations, 1..max-k (default: default-k)", example = "10")
            @RequestParam(name = "k", required = false) Integer k,
            @Parameter(hidden = true)
            @RequestHeader(name = PeerForwarder.FORWARDED_HEADER, defaultValue = "false") boolean forwarded,
            HttpServletRequest request) {
        DashboardService.UserAnswer answer = dashboard.user(userId, k == null ? defaultK : k);
        if (answer instanceof DashboardService.UserAnswer.Here here) {
            // Personal data, polled every second: neither the browser nor a proxy should keep a copy.
            return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(here.view());
        }
        DashboardService.UserAnswer.OwnedElsewhere elsewhere = (DashboardService.UserAnswer.OwnedElsewhere) answer;
        if (forwarded) {
            throw new StoreUnavailableException("this request was forwarded here, but the profile is owned by "
                    + elsewhere.owner().host() + ":" + elsewhere.owner().port() + " (ownership is moving)");
        }
        String query = request.getQueryString();
        ResponseEntity<byte[]> relayed = forwarder.forward(elsewhere.owner(),
                request.getRequestURI() + (query == null ? "" : "?" + query));
        return ResponseEntity.status(relayed.getStatusCode()).headers(relayed.getHeaders())
                .cacheControl(CacheControl.noStore()).body(relayed.getBody());
    }
}
