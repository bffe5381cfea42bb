package io.profilestream.ml.segment;

import io.profilestream.model.event.EventType;
import io.profilestream.model.profile.UserProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The segment model's input: ONE pure function of a live {@link UserProfile}, the instant it is
 * asked at and the category list of the feature space (stored in the artifact). The trainer calls
 * it on profiles folded by replaying events through the service's own fold, the service calls it
 * on the stored profile at read time, so training and serving cannot compute features differently.
 *
 * <p>The raw vector is, in order ({@link #names(List)}):
 * <ol>
 *   <li>{@code share:<category>} for each listed category: the category's share of the user's
 *       decayed category affinity (0..1);</li>
 *   <li>{@code share_other}: the share of all other categories (so users of unlisted categories
 *       are not mistaken for users without interests);</li>
 *   <li>{@code log_typical_price} ({@code ln(1 + geometric mean price)}, 0 without prices) and
 *       {@code has_price}: the price band; the flag tells "no price seen" from "cheap";</li>
 *   <li>{@code log_events}, {@code log_sessions}, {@code log_carts}, {@code log_purchases}:
 *       activity as {@code ln(1 + count)}, because counts are heavy-tailed and k-means on raw
 *       counts would cut only the few heaviest users off;</li>
 *   <li>{@code log_hours_since_last_event}: recency as of {@code asOf}.</li>
 * </ol>
 *
 * <p>Not included, on purpose: the LSTM state {@code profile.neural()} describes the CURRENT
 * SESSION (it restarts with every session) and is absent whenever no next-item model is loaded,
 * which is always the case in the trainer's replay: clustering on it would group sessions, not
 * users, and would skew between training and serving. The churn probability is not a feature
 * either: it is a function of the same activity and recency features (nothing new for the
 * distance), and a segment model depending on a churn model version would have to be retrained
 * with every churn model; churn enters the DESCRIPTION instead (the trainer's {@code --churn-model}).
 */
public final class SegmentFeatures {

    /** Prefix of the per-category share features. */
    public static final String SHARE_PREFIX = "share:";

    /** The features after the category shares, in order. */
    public static final List<String> FIXED = List.of(
            "share_other",
            "log_typical_price",
            "has_price",
            "log_events",
            "log_sessions",
            "log_carts",
            "log_purchases",
            "log_hours_since_last_event");

    private static final double MILLIS_PER_HOUR = 3_600_000.0;

    private SegmentFeatures() {
    }

    /** The feature names for a category list: one share per category, then {@link #FIXED}. */
    public static List<String> names(List<String> categories) {
        List<String> names = new ArrayList<>(categories.size() + FIXED.size());
        categories.forEach(c -> names.add(SHARE_PREFIX + c));
        names.addAll(FIXED);
        return List.copyOf(names);
    }

    /** Index of {@code log_hours_since_last_event} for a list of {@code categoryCount} categories. */
    public static int recencyIndex(int categoryCount) {
        return categoryCount + FIXED.indexOf("log_hours_since_last_event");
    }

    /**
     * The raw (not standardised) feature vector of {@code profile} as of {@code asOf}.
     *
     * @param profile    a profile with at least one event
     * @param asOf       the instant the segment refers to; one before the last event counts as zero
     *                   elapsed time (client clocks run ahead), never negative
     * @param categories the feature space's categories, in artifact order
     * @return a new array of {@code categories.size() + FIXED.size()} values
     * @throws IllegalArgumentException when the profile has no event time
     */
    public static double[] of(UserProfile profile, Instant asOf, List<String> categories) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(asOf, "asOf");
        if (profile.lastEventTime() == null) {
            throw new IllegalArgumentException("a profile without events has no segment features");
        }
        int c = categories.size();
        double[] x = new double[c + FIXED.size()];
        Map<String, Double> shares = profile.categoryAffinity().shares();
        double listed = 0;
        for (int i = 0; i < c; i++) {
            double share = shares.getOrDefault(categories.get(i), 0.0);
            x[i] = share;
            listed += share;
        }
        // Clamped: the shares sum to one up to rounding, which must not yield -1e-17.
        x[c] = shares.isEmpty() ? 0.0 : Math.max(0.0, 1.0 - listed);
        boolean priced = profile.priceBand().count() > 0;
        x[c + 1] = priced ? Math.log1p(profile.priceBand().typical()) : 0.0;
        x[c + 2] = priced ? 1.0 : 0.0;
        x[c + 3] = Math.log1p(profile.eventCount());
        x[c + 4] = Math.log1p(profile.sessionCount());
        x[c + 5] = Math.log1p(profile.count(EventType.ADD_TO_CART));
        x[c + 6] = Math.log1p(profile.count(EventType.PURCHASE));
        x[c + 7] = Math.log1p(Math.max(0L, Duration.between(profile.lastEventTime(), asOf).toMillis()) / MILLIS_PER_HOUR);
        return x;
    }

    /**
     * The index in {@code categories} of the user's top category (highest affinity share, ties to
     * the alphabetically first, as {@code DecayedScores.topShares} ranks), or -1 when that category
     * is not listed or the user has no category. Each user has exactly one answer, which is what
     * makes the top-category histogram's L1 sensitivity 1.
     */
    public static int topCategory(UserProfile profile, List<String> categories) {
        Map<String, Double> top = profile.categoryAffinity().topShares(1);
        return top.isEmpty() ? -1 : categories.indexOf(top.keySet().iterator().next());
    }
}
