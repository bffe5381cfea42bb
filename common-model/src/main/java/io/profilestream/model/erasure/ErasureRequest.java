package io.profilestream.model.erasure;

import java.time.Instant;

/**
 * A shop's request to erase everything ProfileStream holds about one user (GDPR Art. 17), as
 * ingest accepted it on {@code DELETE /v1/users/{userId}}. It carries the raw user id, so it
 * travels on the restricted erasure-request topic that only the privacy filter reads.
 *
 * @param requestId   id ingest gave the request; every service's confirmation repeats it
 * @param userId      the shop's user id (personal data)
 * @param requestedAt when ingest accepted the request; events the user sent up to this instant are
 *                    erased or refused, never profiled afterwards
 */
public record ErasureRequest(String requestId, String userId, Instant requestedAt) {
}
