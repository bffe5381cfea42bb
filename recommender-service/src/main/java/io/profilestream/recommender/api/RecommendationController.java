package io.profilestream.recommender.api;

import io.profilestream.recommender.config.RecommenderSettings;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/recommendations/{userId}?k=20}: the caller passes the shop's raw user id. */
@RestController
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
    public ResponseEntity<?> recommend(@PathVariable String userId,
                                       @RequestParam(name = "k", required = false) Integer k,
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
