package io.profilestream.model.profile;

import java.time.Instant;

/**
 * A profile moving from a user's old pseudonym to the new one after a key rotation, keyed by the
 * NEW pseudonym so it reaches the task that will own the profile. The profile is sealed under a
 * fresh data key made for the new pseudonym, and that key travels wrapped by the master key: the
 * handover topic's short retention bounds how long this copy outlives a later erasure.
 *
 * @param newUserKey    the user's pseudonym under the current key
 * @param oldKeyId      id of the key the profile was kept under
 * @param wrappedKey    the new data key, wrapped; null when there was no profile to hand over
 * @param sealedProfile the {@link UserProfile} (its {@code userKey} already the new pseudonym),
 *                      sealed under {@code wrappedKey}; null when there was no profile
 * @param handedOverAt  when the old task handed it over
 */
public record ProfileHandover(String newUserKey, String oldKeyId, byte[] wrappedKey, byte[] sealedProfile,
                              Instant handedOverAt) {

    /** Whether a profile travels with it (false: the user had nothing under the old key). */
    public boolean carriesProfile() {
        return sealedProfile != null && wrappedKey != null;
    }
}
