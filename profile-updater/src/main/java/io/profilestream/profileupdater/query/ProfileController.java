package io.profilestream.profileupdater.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.profilestream.model.serde.Json;
import io.profilestream.profileupdater.churn.ChurnRisk;
import io.profilestream.profileupdater.churn.ChurnScorer;
import io.profilestream.profileupdater.query.openapi.ProfilesApi;
import io.profilestream.profileupdater.segment.SegmentAssigner;
import io.profilestream.profileupdater.segment.UserSegment;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/profiles/{userKey}}: the current profile of one pseudonymous user. Described for
 * OpenAPI by {@link ProfilesApi}.
 */
@RestController
public class ProfileController implements ProfilesApi {

    private static final Pattern USER_KEY = Pattern.compile("[0-9a-f]{64}");

    private final ProfileQueryService profiles;
    private final ChurnScorer churn;
    private final SegmentAssigner segments;

    /**
     * @param profiles where profiles are looked up
     * @param churn    the churn scorer, present only when {@code profilestream.churn.model} is set
     * @param segments the segment assigner, present only when {@code profilestream.segments.model} is set
     */
    public ProfileController(ProfileQueryService profiles, ObjectProvider<ChurnScorer> churn,
                             ObjectProvider<SegmentAssigner> segments) {
        this.profiles = profiles;
        this.churn = churn.getIfAvailable();
        this.segments = segments.getIfAvailable();
    }

    /**
     * The profile as JSON ({@link ProfileView}); 400 for a malformed key, 404 for an unknown user,
     * 503 with {@code Retry-After} while the store is not queryable. Errors are problem+json.
     */
    @Override
    @GetMapping("/v1/profiles/{userKey}")
    public ResponseEntity<byte[]> profile(
            @PathVariable String userKey,
            @RequestHeader(name = ProfileForwarder.FORWARDED_HEADER, defaultValue = "false") boolean forwarded)
            throws JsonProcessingException {
        if (!USER_KEY.matcher(userKey).matches()) {
            throw new InvalidUserKeyException();
        }
        ProfileAnswer answer = profiles.find(userKey, forwarded);
        if (answer instanceof ProfileAnswer.Relayed relayed) {
            ResponseEntity.BodyBuilder builder = ResponseEntity.status(relayed.status());
            if (relayed.contentType() != null) {
                builder.header(HttpHeaders.CONTENT_TYPE, relayed.contentType());
            }
            if (relayed.retryAfter() != null) {
                builder.header(HttpHeaders.RETRY_AFTER, relayed.retryAfter());
            }
            return builder.body(relayed.body());
        }
        ProfileAnswer.Local local = (ProfileAnswer.Local) answer;
        // Scored here, at read time, rather than stored: the risk must grow while the user stays away.
        ChurnRisk risk = churn == null ? null : churn.riskOf(local.profile());
        // Likewise: recency is a segment feature.
        UserSegment segment = segments == null ? null : segments.segmentOf(local.profile());
        // The shared mapper, so the REST body matches the profiles topic field for field.
        byte[] body = Json.mapper().writeValueAsBytes(ProfileView.of(local.profile(), risk, segment));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
