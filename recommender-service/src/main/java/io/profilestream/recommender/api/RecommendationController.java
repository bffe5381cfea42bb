package io.profilestream.recommender.api;

import io.profilestream.recommender.config.RecommenderSettings;
import jakarta.servlet.http.HttpServletRequest;
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
