package io.profilestream.recommender.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Scheduler;
import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.recommender.RecommenderTopology;
import io.profilestream.recommender.crypto.Opened;
import io.profilestream.recommender.impressions.ShownItems;
import io.profilestream.recommender.metrics.RecommenderMetrics;
import java.time.Duration;
import java.util.Arrays;
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
 * <p>Profiles opened for earlier requests are kept opened, with the unwrapped key, for the users
 * asked for recently: a profile changes with the user's events, far less often than it is read
 * (the ranked-list cache serves most requests without computing, and opening the profile was
 * then the largest allocation of the request threads, docs/BENCHMARKS.md runs 50-64). An entry
 * serves only while the stored sealed profile and wrapped key are byte for byte those it was
 * opened from, so a new profile, an erasure or a destroyed key is seen at once; the shown items
 * change with every answer and are always opened. An erased user's entry is never served again
 * (their key and profile are gone) and leaves the heap at their next request or {@code idle} after
 * their last one. Cached profiles are shared by request threads and must never be modified (their
 * LSTM state is a {@code float[]}: the retrievers copy or only read it).
 *
 * <p>Thread-safe: request threads share one instance.
 */
public final class ProfileVault {

    /** A profile opened for an earlier request, and what it was opened from. */
    private record OpenedProfile(byte[] wrappedKey, byte[] sealed, Opened.Key key, UserProfile profile) {
    }

    private final UserDataCipher cipher;
    private final RecommenderMetrics metrics;
    /** Null when no profile is kept. */
    private final Cache<String, OpenedProfile> opened;

    /**
     * A vault that opens every value on every read.
     *
     * @param cipher  holds the master key the data keys are wrapped under
     * @param metrics counts values that could not be opened
     */
    public ProfileVault(UserDataCipher cipher, RecommenderMetrics metrics) {
        this(cipher, metrics, 0, Duration.ofSeconds(1));
    }

    /**
     * @param cipher         holds the master key the data keys are wrapped under
     * @param metrics        counts values that could not be opened
     * @param openedProfiles users whose opened profile is kept between requests (0: none)
     * @param idle           an opened profile not read for this long is dropped (by a scheduler, so
     *                       also on an idle instance): it bounds how long a user's decrypted profile
     *                       stays in the heap after their last request
     */
    public ProfileVault(UserDataCipher cipher, RecommenderMetrics metrics, int openedProfiles, Duration idle) {
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        if (openedProfiles < 0) {
            throw new IllegalArgumentException("openedProfiles must be >= 0, got " + openedProfiles);
        }
        // None at all for 0: Caffeine evicts asynchronously, so a size-0 cache could still serve an entry.
        // Maintenance on the calling thread, as in RankedListCache (2 cores); the scheduler removes
        // expired entries even while no request comes, so the idle bound holds on a quiet instance.
        this.opened = openedProfiles == 0 ? null : Caffeine.newBuilder().maximumSize(openedProfiles).expireAfterAccess(idle)
                .executor(Runnable::run).scheduler(Scheduler.systemScheduler()).build();
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

    /** Users whose opened profile is kept now (for tests; Caffeine evicts asynchronously). */
    long openedProfiles() {
        if (opened == null) {
            return 0;
        }
        opened.cleanUp();
        return opened.estimatedSize();
    }

    private UserState open(String userKey, byte[] sealedProfile, byte[] sealedShown,
                           ReadOnlyKeyValueStore<String, byte[]> keys) {
        if (sealedProfile == null && sealedShown == null) {
            // No key lookup for the common unknown user: there is nothing to open. An erased user
            // arrives here too, so their opened profile leaves the heap at their next request.
            if (opened != null) {
                opened.invalidate(userKey);
            }
            return UserState.UNKNOWN;
        }
        byte[] wrappedKey = keys.get(userKey);
        OpenedProfile hit = sealedProfile == null || opened == null ? null : opened.getIfPresent(userKey);
        Opened.Key key;
        Opened<UserProfile> profile;
        // Arrays.equals returns at once on the same array, which a caching store hands back.
        if (hit != null && Arrays.equals(hit.sealed(), sealedProfile) && Arrays.equals(hit.wrappedKey(), wrappedKey)) {
            key = hit.key();
            profile = new Opened<>(Opened.Outcome.OPENED, hit.profile());
        } else {
            key = Opened.Key.unwrap(cipher, userKey, wrappedKey);
            profile = key.open(sealedProfile, UserProfile.class);
            if (opened != null && profile.outcome() == Opened.Outcome.OPENED) {
                opened.put(userKey, new OpenedProfile(wrappedKey, sealedProfile, key, profile.value()));
            } else if (opened != null) {
                opened.invalidate(userKey);
            }
        }
        Opened<ShownItems> shown = key.open(sealedShown, ShownItems.class);
        // Counted per value, as before the key was shared: absent values count nothing.
        metrics.unreadable(RecommenderMetrics.PROFILE, profile.outcome());
        metrics.unreadable(RecommenderMetrics.SHOWN_ITEMS, shown.outcome());
        return new UserState(profile.asOptional(), shown.asOptional().orElse(ShownItems.none()));
    }
}
