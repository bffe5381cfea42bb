package io.profilestream.model.event;

import java.time.Instant;

/**
 * During a key rotation's grace period, the privacy filter's note that a user who still has
 * state under the previous key's pseudonym is now known under the current key's. Keyed by the
 * OLD pseudonym, so it reaches the task that holds the old profile, which hands it over.
 *
 * @param oldUserKey  the user's pseudonym under the previous key
 * @param oldKeyId    id of the previous key
 * @param newUserKey  the user's pseudonym under the current key
 * @param newKeyId    id of the current key
 * @param requestedAt when the filter saw the user's first event after the rotation
 */
public record Rekey(String oldUserKey, String oldKeyId, String newUserKey, String newKeyId, Instant requestedAt) {
}
