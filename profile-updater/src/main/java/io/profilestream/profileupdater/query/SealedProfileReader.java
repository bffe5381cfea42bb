package io.profilestream.profileupdater.query;

import io.profilestream.model.crypto.UndecryptableException;
import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.profileupdater.profile.ProfileTopology;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a user's profile from the two local stores: the sealed profile in
 * {@link ProfileTopology#PROFILE_STORE} and the wrapped data key in
 * {@link ProfileTopology#USER_KEYS_STORE}. A profile without a key (the key was destroyed by an
 * erasure or a consent withdrawal) or one that does not open is treated exactly like a missing
 * profile: after crypto-shredding nothing may be served, whatever copy is still on disk.
 */
public final class SealedProfileReader {

    private static final Logger LOG = LoggerFactory.getLogger(SealedProfileReader.class);

    private final UserDataCipher cipher;

    /** @param cipher the same master key the profile-updater seals with */
    public SealedProfileReader(UserDataCipher cipher) {
        this.cipher = Objects.requireNonNull(cipher, "cipher");
    }

    /**
     * The opened profile of {@code userKey}.
     *
     * @param profiles the profile store (sealed values)
     * @param keys     the user keys store (wrapped data keys)
     * @return the profile, or empty when there is none, its key is gone, or it cannot be opened
     */
    public Optional<UserProfile> read(ReadOnlyKeyValueStore<String, byte[]> profiles,
                                      ReadOnlyKeyValueStore<String, byte[]> keys, String userKey) {
        byte[] sealed = profiles.get(userKey);
        if (sealed == null) {
            return Optional.empty();
        }
        byte[] wrappedKey = keys.get(userKey);
        if (wrappedKey == null) {
            // Key destroyed, profile delete not applied yet (or a stale copy): shredded all the same.
            return Optional.empty();
        }
        try {
            return Optional.of(cipher.openJson(userKey, wrappedKey, sealed, UserProfile.class));
        } catch (UndecryptableException e) {
            // Only this service writes both stores, so this is a fault worth a log line; no key material in it.
            LOG.warn("A stored profile cannot be opened ({}); answering as if there were none", e.getMessage());
            return Optional.empty();
        }
    }
}
