package io.profilestream.profileupdater.profile;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import java.util.Set;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How events are folded into profiles and how long profiles are kept ({@code profilestream.profile.*}).
 *
 * @param affinityHalfLife   time after which an interaction counts half as much in category and brand affinity
 * @param maxAffinityEntries categories (and, separately, brands) kept per profile
 * @param sessionGap         inactivity after which an event without session key starts a new session
 * @param recentItems        distinct recent items kept per profile
 * @param purchasedItems     distinct purchased items kept per profile
 * @param weights            affinity weight per event type
 * @param sessionItemsCap    latest items of the current session kept for the LSTM state (repeats kept);
 *                           also the most steps a replay under a new model version takes
 * @param retention          storage limitation: a profile whose user had no event for this long is
 *                           deleted with its data key by {@link ExpireProfilesPunctuator}
 * @param retiredKeyIds      ids of pseudonymisation (HMAC) keys no longer in use after a key rotation's
 *                           grace period: profiles of users last seen under one of them are deleted
 *                           with their data keys, since those users can no longer be recognised
 *                           (never list the current key id: every active profile would be deleted)
 * @param expirySweepInterval how often (wall-clock time) each task sweeps its profiles for expiry
 * @param openedCache        how many recently written profiles each task keeps opened, and for how long
 */
@Validated
@ConfigurationProperties("profilestream.profile")
public record ProfileSettings(
        @DefaultValue("7d")
        @NotNull(message = "set profilestream.profile.affinity-half-life (e.g. 7d)")
        @DurationMin(millis = 1, message = "profilestream.profile.affinity-half-life must be positive")
        Duration affinityHalfLife,
        @DefaultValue("50")
        @Min(value = 1, message = "profilestream.profile.max-affinity-entries must be at least 1")
        @Max(value = 10_000, message = "profilestream.profile.max-affinity-entries must be at most 10000 (profile size)")
        int maxAffinityEntries,
        @DefaultValue("30m")
        @NotNull(message = "set profilestream.profile.session-gap (e.g. 30m)")
        @DurationMin(millis = 1, message = "profilestream.profile.session-gap must be positive")
        Duration sessionGap,
        @DefaultValue("20")
        @Min(value = 1, message = "profilestream.profile.recent-items must be at least 1")
        @Max(value = 10_000, message = "profilestream.profile.recent-items must be at most 10000 (profile size)")
        int recentItems,
        @DefaultValue("200")
        @Min(value = 1, message = "profilestream.profile.purchased-items must be at least 1")
        @Max(value = 10_000, message = "profilestream.profile.purchased-items must be at most 10000 (profile size)")
        int purchasedItems,
        @DefaultValue
        @NotNull
        @Valid
        Weights weights,
        @DefaultValue("50")
        @Min(value = 1, message = "profilestream.profile.session-items-cap must be at least 1")
        @Max(value = 1_000, message = "profilestream.profile.session-items-cap must be at most 1000 (replay cost per model change)")
        int sessionItemsCap,
        @DefaultValue("400d")
        @NotNull(message = "set profilestream.profile.retention (e.g. 400d)")
        @DurationMin(millis = 1, message = "profilestream.profile.retention must be positive")
        Duration retention,
        @DefaultValue
        Set<@NotBlank(message = "profilestream.profile.retired-key-ids must not contain a blank key id") String> retiredKeyIds,
        @DefaultValue("1h")
        @NotNull(message = "set profilestream.profile.expiry-sweep-interval (e.g. 1h)")
        @DurationMin(seconds = 1, message = "profilestream.profile.expiry-sweep-interval must be at least 1s")
        Duration expirySweepInterval,
        @DefaultValue
        @NotNull
        @Valid
        OpenedCache openedCache) {

    /** Default of {@link #retention()}: a year and a season, so yearly shoppers keep their profile. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(400);
    /** Default of {@link #expirySweepInterval()}. */
    public static final Duration DEFAULT_EXPIRY_SWEEP_INTERVAL = Duration.ofHours(1);

    /** Never a null or mutable key id set. */
    public ProfileSettings {
        retiredKeyIds = retiredKeyIds == null ? Set.of() : Set.copyOf(retiredKeyIds);
    }

    /** The settings used when nothing is configured; equal to the {@code @DefaultValue}s above. */
    public static ProfileSettings defaults() {
        return new ProfileSettings(Duration.ofDays(7), 50, Duration.ofMinutes(30), 20, 200, Weights.defaults(), 50,
                DEFAULT_RETENTION, Set.of(), DEFAULT_EXPIRY_SWEEP_INTERVAL, OpenedCache.defaults());
    }

    /** These settings with other storage limits (the folding settings unchanged). */
    public ProfileSettings withStorageLimits(Duration retention, Set<String> retiredKeyIds, Duration expirySweepInterval) {
        return new ProfileSettings(affinityHalfLife, maxAffinityEntries, sessionGap, recentItems, purchasedItems, weights,
                sessionItemsCap, retention, retiredKeyIds, expirySweepInterval, openedCache);
    }

    /** These settings with another {@link #openedCache()}. */
    public ProfileSettings withOpenedCache(OpenedCache cache) {
        return new ProfileSettings(affinityHalfLife, maxAffinityEntries, sessionGap, recentItems, purchasedItems, weights,
                sessionItemsCap, retention, retiredKeyIds, expirySweepInterval, cache);
    }

    /**
     * The opened profiles each task keeps ({@code profilestream.profile.opened-cache.*}): a
     * user's next event then skips decrypting and parsing the profile the task has just written.
     * An entry is used only while the stored profile and data key are exactly what it was made
     * from, so the settings trade heap for CPU, never correctness. The heap cost is per task, so
     * times the tasks (input partitions) an instance runs.
     *
     * @param size entries per task (least recently used out first); 0 turns the cache off
     * @param idle an entry unused this long is dropped by a sweep every idle / 2, which bounds how
     *             long a user's decrypted profile stays in the heap after their last event (at most
     *             1.5 × idle, also after an erasure)
     */
    public record OpenedCache(
            @DefaultValue("1024")
            @Min(value = 0, message = "profilestream.profile.opened-cache.size must be >= 0 (0 turns the cache off)")
            @Max(value = 1_000_000, message = "profilestream.profile.opened-cache.size must be at most 1000000 (heap)")
            int size,
            @DefaultValue("2m")
            @NotNull(message = "set profilestream.profile.opened-cache.idle (e.g. 2m)")
            @DurationMin(seconds = 1, message = "profilestream.profile.opened-cache.idle must be at least 1s")
            Duration idle) {

        /** 1,024 entries per task, dropped after 2 minutes unused. */
        public static OpenedCache defaults() {
            return new OpenedCache(1024, Duration.ofMinutes(2));
        }

        /** No entries: every event opens its stored profile. */
        public static OpenedCache off() {
            return new OpenedCache(0, Duration.ofMinutes(2));
        }
    }

    /**
     * Affinity weight of one event per type ({@code profilestream.profile.weights.*}). A weight of
     * zero means the event type does not move affinity at all.
     *
     * @param view           weight of a view
     * @param search         weight of a search that names a category
     * @param addToCart      weight of an add-to-cart
     * @param removeFromCart weight of a remove-from-cart
     * @param purchase       weight of a purchase
     * @param review         weight of a review
     * @param ratingNeutral  star rating that carries no interest: a rating adds
     *                       {@code max(0, stars - ratingNeutral)}, so low ratings add nothing
     */
    public record Weights(
            @DefaultValue("1.0") @PositiveOrZero(message = "profilestream.profile.weights.view must be >= 0") double view,
            @DefaultValue("0.5") @PositiveOrZero(message = "profilestream.profile.weights.search must be >= 0") double search,
            @DefaultValue("3.0") @PositiveOrZero(message = "profilestream.profile.weights.add-to-cart must be >= 0") double addToCart,
            @DefaultValue("0.0") @PositiveOrZero(message = "profilestream.profile.weights.remove-from-cart must be >= 0") double removeFromCart,
            @DefaultValue("5.0") @PositiveOrZero(message = "profilestream.profile.weights.purchase must be >= 0") double purchase,
            @DefaultValue("2.0") @PositiveOrZero(message = "profilestream.profile.weights.review must be >= 0") double review,
            @DefaultValue("2.5")
            @DecimalMin(value = "0.0", message = "profilestream.profile.weights.rating-neutral must be between 0 and 5")
            @DecimalMax(value = "5.0", message = "profilestream.profile.weights.rating-neutral must be between 0 and 5")
            double ratingNeutral) {

        /** view 1, search 0.5, add-to-cart 3, remove-from-cart 0, purchase 5, review 2, rating stars - 2.5. */
        public static Weights defaults() {
            return new Weights(1.0, 0.5, 3.0, 0.0, 5.0, 2.0, 2.5);
        }
    }
}
