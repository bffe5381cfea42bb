package io.profilestream.ingest.web;

import io.profilestream.ingest.erasure.ErasureProgress;
import io.profilestream.ingest.erasure.InvalidUserIdException;
import io.profilestream.ingest.erasure.UserErasures;
import io.profilestream.ingest.validation.Violation;
import io.profilestream.ingest.validation.ViolationCode;
import io.profilestream.ingest.web.openapi.UserErasureApi;
import io.profilestream.model.erasure.ErasureRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The right to erasure (GDPR Art. 17): {@code DELETE /v1/users/{userId}} and
 * {@code GET /v1/users/{userId}/erasure}, both behind an ADMIN key ({@code ApiKeyConfiguration}).
 *
 * <p>The user id is the shop's, any string: clients percent-encode it as one path segment, e.g.
 * {@code curl -X DELETE -H 'X-Api-Key: ...' http://127.0.0.1:8081/v1/users/a%2Fb} erases user
 * {@code a/b}, and {@code a%252Fb} erases user {@code a%2Fb}. Tomcat refuses an encoded slash
 * with 400 unless told otherwise, which is why
 * {@link io.profilestream.ingest.config.EncodedSlashConfiguration} lets {@code %2F} and
 * {@code %5C} through to Spring MVC, which decodes the segment into the path variable. Such an
 * id is only ever pseudonymised and sent to Kafka, never used as a file path, so
 * {@code ..%2F..%2Fetc} is just the user {@code ../../etc}.
 */
@RestController
public class UserErasureController implements UserErasureApi {

    private final UserErasures erasures;

    /** @param erasures accepts and reports on erasure requests */
    public UserErasureController(UserErasures erasures) {
        this.erasures = erasures;
    }

    /**
     * The 202 answer to an erasure request.
     *
     * @param requestId   the id every service's confirmation repeats
     * @param requestedAt when ingest accepted the request
     * @param status      where to follow its progress (also the Location header)
     */
    @Schema(description = "An accepted erasure request.")
    public record ErasureAccepted(
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "The erasure's id; every service's "
                    + "confirmation repeats it.", example = "9d2c6b1e-7a4f-4e0b-8c55-2f3e1d0a6b77")
            String requestId,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "When ingest accepted the request.",
                    example = "2025-03-01T10:15:30.123Z")
            Instant requestedAt,
            @Schema(requiredMode = RequiredMode.REQUIRED, format = "uri-reference", description = "Where to follow "
                    + "the erasure (GET); also the Location header.", example = "/v1/users/shopper-42/erasure")
            String status) {
    }

    /** Accepts the erasure of every record of the user; 202 with where to follow it. */
    @Override
    @DeleteMapping("/v1/users/{userId}")
    public ResponseEntity<ErasureAccepted> erase(@PathVariable String userId, HttpServletRequest request) {
        refuseMatrixParameters(request);
        ErasureRequest accepted = erasures.request(userId);
        String status = statusPath(userId);
        return ResponseEntity.accepted()
                .location(URI.create(status))
                .contentType(MediaType.APPLICATION_JSON)
                .body(new ErasureAccepted(accepted.requestId(), accepted.requestedAt(), status));
    }

    /** The progress of the user's latest erasure, or 404 when none was requested. */
    @Override
    @GetMapping("/v1/users/{userId}/erasure")
    public ResponseEntity<ErasureProgress> progress(@PathVariable String userId, HttpServletRequest request) {
        refuseMatrixParameters(request);
        ErasureProgress progress = erasures.progress(userId).orElseThrow(ErasureNotFoundException::new);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(progress);
    }

    /** {@code /v1/users/{userId}/erasure} with the id percent-encoded as one path segment. */
    static String statusPath(String userId) {
        return UriComponentsBuilder.fromPath("/v1/users/{userId}/erasure").encode().buildAndExpand(userId).toUriString();
    }

    /**
     * A raw ';' starts path parameters, which Spring strips from the path variable: "a;b" would
     * erase user "a". Only an encoded %3B reaches us as part of the id.
     */
    private static void refuseMatrixParameters(HttpServletRequest request) {
        if (request.getRequestURI().indexOf(';') >= 0) {
            throw new InvalidUserIdException(List.of(new Violation("userId", ViolationCode.INVALID_CHARACTERS,
                    "userId must not contain a raw ';' in the path; percent-encode it as %3B")));
        }
    }

    /** No erasure was requested for the user; answered with a 404 problem. */
    static final class ErasureNotFoundException extends RuntimeException {
        ErasureNotFoundException() {
            super("no erasure was requested for this user", null, false, false);
        }
    }
}
