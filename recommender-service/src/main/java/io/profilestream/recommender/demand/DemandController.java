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
            units, each user counted at most per-user-hourly-cap (5) times per measure and hour across all \
            categories. With differential privacy (the default) all categories are released together once \
            per closed hour (discrete Laplace noise, hourly-epsilon each) and kept: a request spends no \
            privacy budget, and the history holds only the released hours (privacy.releasedHours; hours \
            not closed yet, or closed before this instance started releasing, are absent). The forecast \
            is an additive Holt-Winters (daily season) of each measure fitted on the newest consecutive \
            released hours when there are at least 48, else the simpler method named in its method \
            field, none before any hour is released; for the next horizonHours hours with a 95% \
            interval, clipped at 0. Without differential privacy: every hour, exact capped counts. Any \
            instance answers.""")
    @DemandApiResponses
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
            As for a category, for one item (every category it was seen in), except how it is released \
            with differential privacy: the hours of an item not released before are released when a \
            request first shows them (the item domain is too large for an hourly release of every item), \
            charging the privacy budget; 429 once it is spent.""")
    @DemandApiResponses
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
