package io.profilestream.recommender.api;

import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.recommender.RecommenderTopology;
import io.profilestream.recommender.crypto.Opened;
import io.profilestream.recommender.impressions.ShownItems;
import io.profilestream.recommender.metrics.RecommenderMetrics;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Opens a user's sealed state at request time: the profile from
 * {@value RecommenderTopology#PROFILES_STORE} and the shown items from
 * {@value RecommenderTopology#IMPRESSIONS_STORE}, each with the user's wrapped data key from
 * {@value RecommenderTopology#USER_KEYS_STORE}. All three stores are in one task, so the instance
 * that owns the profile holds the key too.
 *
 * <p>Whatever cannot be opened does not exist for the request: no key (a brand-new user whose key
 * is still in flight, or a user whose key was destroyed on erasure or withdrawn consent) or a
 * value that does not open. The user then gets the unknown-user answer, and the case is counted
 * ({@value RecommenderMetrics#UNREADABLE}); key material and plaintext are never logged.
 *
 * <p>Thread-safe: request threads share one instance.
 */
public final class ProfileVault {

    private final UserDataCipher cipher;
    private final RecommenderMetrics metrics;

    /**
     * @param cipher  holds the master key the data keys are wrapped under
     * @param metrics counts values that could not be opened
     */
    public ProfileVault(UserDataCipher cipher, RecommenderMetrics metrics) {
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * The user's profile and shown items, opened with one read and one unwrap of the user's data
     * key; the key is not read at all when neither is stored (the common unknown user).
     *
     * @param profiles    user key to sealed profile
     * @param impressions user key to sealed {@link ShownItems}
     * @param keys        user key to wrapped data key
     */
    public UserState user(String userKey, ReadOnlyKeyValueStore<String, byte[]> profiles,
                          ReadOnlyKeyValueStore<String, byte[]> impressions, ReadOnlyKeyValueStore<String, byte[]> keys) {
        return open(userKey, profiles.get(userKey), impressions.get(userKey), keys);
    }

    /**
     * The user's profile, opened; empty when none is stored or it cannot be opened.
     *
     * @param profiles user key to sealed profile
     * @param keys     user key to wrapped data key
     */
    public Optional<UserProfile> profile(String userKey, ReadOnlyKeyValueStore<String, byte[]> profiles,
                                         ReadOnlyKeyValueStore<String, byte[]> keys) {
        return open(userKey, profiles.get(userKey), null, keys).profile();
    }

    /**
     * What the user has been shown, opened; nothing when none is stored or it cannot be opened
     * (an item may then be shown once more, which is no reason to fail the request).
     *
     * @param impressions user key to sealed {@link ShownItems}
     * @param keys        user key to wrapped data key
     */
    public ShownItems shownItems(String userKey, ReadOnlyKeyValueStore<String, byte[]> impressions,
                                 ReadOnlyKeyValueStore<String, byte[]> keys) {
        return open(userKey, null, impressions.get(userKey), keys).shown();
    }

    private UserState open(String userKey, byte[] sealedProfile, byte[] sealedShown,
                           ReadOnlyKeyValueStore<String, byte[]> keys) {
        if (sealedProfile == null && sealedShown == null) {
            // No key lookup for the common unknown user: there is nothing to open.
            return UserState.UNKNOWN;
        }
        Opened.Key key = Opened.Key.unwrap(cipher, userKey, keys.get(userKey));
        Opened<UserProfile> profile = key.open(sealedProfile, UserProfile.class);
        Opened<ShownItems> shown = key.open(sealedShown, ShownItems.class);
        // Counted per value, as before the key was shared: absent values count nothing.
        metrics.unreadable(RecommenderMetrics.PROFILE, profile.outcome());
        metrics.unreadable(RecommenderMetrics.SHOWN_ITEMS, shown.outcome());
        return new UserState(profile.asOptional(), shown.asOptional().orElse(ShownItems.none()));
    }
}
