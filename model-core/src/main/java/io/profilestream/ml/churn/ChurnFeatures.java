package io.profilestream.ml.churn;

import io.profilestream.model.event.EventType;
import io.profilestream.model.profile.UserProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The churn model's input: ONE pure function of a live {@link UserProfile} and the instant the
 * risk is asked for. The trainer calls it on profiles it folds by replaying events through the
 * service's own fold, and the service calls it on the stored profile at read time, so training
 * and serving cannot compute features differently.
 *
 * <p>Counts and durations enter as {@code ln(1 + x)}: they are heavy-tailed (a few users have
 * thousands of views), and a logistic model on raw counts would be driven by those few.
 * Durations are in hours. Everything is relative to {@code asOf}, never to the wall clock.
 */
public final class ChurnFeatures {

    /** Names of the vector's components, in order; an artifact trained on other names is refused. */
    public static final List<String> NAMES = List.of(
            "log_hours_since_last_event",
            "log_hours_since_first_event",
            "log_events",
            "log_sessions",
            "log_views",
            "log_carts",
            "log_purchases",
            "log_events_per_day",
            "log_sessions_per_day",
            "has_purchased",
            "log_hours_since_last_purchase",
            "log_categories",
            "top_category_share");

    /** Index of {@code log_hours_since_last_event} (the recency baseline's signal). */
    public static final int RECENCY = 0;

    private static final double MILLIS_PER_HOUR = 3_600_000.0;

    private ChurnFeatures() {
    }

    /**
     * The feature vector of {@code profile} as of {@code asOf}.
     *
     * @param profile a profile with at least one event
     * @param asOf    the instant the risk refers to; an {@code asOf} before the profile's last
     *                event (client clocks run ahead) counts as zero elapsed time, not negative
     * @return a new array of {@code NAMES.size()} values
     * @throws IllegalArgumentException when the profile has no event time
     */
    public static double[] of(UserProfile profile, Instant asOf) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(asOf, "asOf");
        if (profile.lastEventTime() == null || profile.firstEventTime() == null) {
            throw new IllegalArgumentException("a profile without events has no churn features");
        }
        double sinceLast = hoursBetween(profile.lastEventTime(), asOf);
        double sinceFirst = hoursBetween(profile.firstEventTime(), asOf);
        // At least one day of tenure: a user first seen an hour ago has not shown a daily rate yet.
        double tenureDays = Math.max(1.0, sinceFirst / 24.0);
        Instant lastPurchase = profile.rfm().lastPurchaseTime();
        Map<String, Double> shares = profile.categoryAffinity().shares();
        double topShare = shares.values().stream().mapToDouble(Double::doubleValue).max().orElse(0.0);
        return new double[] {
                Math.log1p(sinceLast),
                Math.log1p(sinceFirst),
                Math.log1p(profile.eventCount()),
                Math.log1p(profile.sessionCount()),
                Math.log1p(profile.count(EventType.VIEW)),
                Math.log1p(profile.count(EventType.ADD_TO_CART)),
                Math.log1p(profile.count(EventType.PURCHASE)),
                Math.log1p(profile.eventCount() / tenureDays),
                Math.log1p(profile.sessionCount() / tenureDays),
                lastPurchase == null ? 0.0 : 1.0,
                // Zero without a purchase; has_purchased tells the two cases apart.
                lastPurchase == null ? 0.0 : Math.log1p(hoursBetween(lastPurchase, asOf)),
                Math.log1p(shares.size()),
                topShare};
    }

    /** Hours from {@code from} to {@code to}, never negative. */
    static double hoursBetween(Instant from, Instant to) {
        return Math.max(0L, Duration.between(from, to).toMillis()) / MILLIS_PER_HOUR;
    }
}
