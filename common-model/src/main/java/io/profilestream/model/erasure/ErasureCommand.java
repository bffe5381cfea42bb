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

    /**
     * The command as a consumer acts on it: keyed by the record key (which decided the partition,
     * and so the task holding the user's state), its {@code requestedAt} defaulting to the record
     * time (the filter stamps the record with it).
     *
     * @return null when the record names no one to erase (no value, or no key in record and value)
     */
    public static ErasureCommand resolve(String recordKey, ErasureCommand value, long recordTimestamp) {
        if (value == null) {
            return null;
        }
        String userKey = recordKey != null ? recordKey : value.userKey();
        if (userKey == null) {
            return null;
        }
        Instant at = value.requestedAt() != null ? value.requestedAt() : Instant.ofEpochMilli(recordTimestamp);
        return new ErasureCommand(value.requestId(), userKey, value.keyId(), at);
    }
}
