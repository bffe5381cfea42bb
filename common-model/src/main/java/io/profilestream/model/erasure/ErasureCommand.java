package io.profilestream.model.erasure;

import java.time.Instant;

/**
 * The pseudonymised form of an {@link ErasureRequest} that the privacy filter publishes keyed by
 * the user's pseudonym, so it lands in the same partition (and task) as that user's clean events,
 * profile and impressions in every downstream service.
 *
 * @param requestId   the request's id, repeated in every {@link ErasureStatus}
 * @param userKey     HMAC pseudonym of the user to erase
 * @param keyId       id of the HMAC key that produced {@code userKey}
 * @param requestedAt when ingest accepted the request; a service drops any of the user's records
 *                    stamped at or before it that reach it afterwards (events already in flight)
 */
public record ErasureCommand(String requestId, String userKey, String keyId, Instant requestedAt) {
}
