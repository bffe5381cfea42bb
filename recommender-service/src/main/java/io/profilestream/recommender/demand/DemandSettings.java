package io.profilestream.recommender.demand;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Demand counting and forecasting ({@code profilestream.demand.*}).
 *
 * @param perUserHourlyCap most a user contributes to each measure (views, add-to-carts, purchased
 *                         units) in one hour, across all categories and items; the bound on one
 *                         user's influence that differential privacy calibrates its noise to
 * @param grace            how late (event time behind the newest event seen) an event may arrive
 *                         and still be counted in its hour; later ones are dropped
 * @param retention        how long hourly counts are kept; at least {@code historyDays} plus one
 *                         hour plus the grace
 * @param historyDays      days of hourly history an answer shows and the forecast is fitted on
 * @param maxHorizonHours  largest {@code horizonHours} a request may ask for
 * @param differentialPrivacy release counts with differential privacy ({@code profilestream.dp.*}
 *                         budget; categories on a schedule, see {@link CategoryReleaseSchedule}, items
 *                         per request, see {@link DemandReleases}); false answers the exact capped counts
 * @param hourlyEpsilon    ε of each hourly release of all categories ({@link CategoryReleaseSchedule});
 *                         null (the default) takes {@code profilestream.dp.budget-epsilon} / 24, so a
 *                         day of hourly releases fits the daily budget; larger values fail start-up
 * @param backfillHours    hours closed before start-up that the first run still releases; each costs
 *                         a full hourly ε, so 0 by default (see {@link CategoryReleaseSchedule})
 */
@Validated
@ConfigurationProperties("profilestream.demand")
public record DemandSettings(
        @DefaultValue("5") @Min(value = 1, message = "profilestream.demand.per-user-hourly-cap must be >= 1")
        @Max(value = 1_000, message = "profilestream.demand.per-user-hourly-cap must be <= 1000")
        int perUserHourlyCap,
        @DefaultValue("1h") @NotNull(message = "set profilestream.demand.grace, e.g. 1h")
        Duration grace,
        @DefaultValue("35d") @NotNull(message = "set profilestream.demand.retention, e.g. 35d")
        Duration retention,
        @DefaultValue("14") @Min(value = 2, message = "profilestream.demand.history-days must be >= 2 (two daily seasons)")
        int historyDays,
        @DefaultValue("168") @Min(value = 1, message = "profilestream.demand.max-horizon-hours must be >= 1")
        @Max(value = 24 * 31, message = "profilestream.demand.max-horizon-hours must be <= 744")
        int maxHorizonHours,
        @DefaultValue("true")
        boolean differentialPrivacy,
        @Positive(message = "profilestream.demand.hourly-epsilon must be positive (leave it unset for "
                + "profilestream.dp.budget-epsilon / 24)")
        Double hourlyEpsilon,
        @DefaultValue("0") @Min(value = 0, message = "profilestream.demand.backfill-hours must be >= 0")
        int backfillHours) {

    /** Length of one counting window. */
    public static final Duration HOUR = Duration.ofHours(1);

    /** The documented defaults, for tests and tools that run without Spring. */
    public static DemandSettings defaults() {
        return new DemandSettings(5, Duration.ofHours(1), Duration.ofDays(35), 14, 168, true, null, 0);
    }

    /** Checked at start-up: backfilling beyond the history would pay for hours no answer shows. */
    @AssertTrue(message = "profilestream.demand.backfill-hours must be at most history-days × 24")
    public boolean isBackfillWithinHistory() {
        return backfillHours <= historyDays * 24;
    }

    /** Checked at start-up: a negative grace would drop on-time events. */
    @AssertTrue(message = "profilestream.demand.grace must be >= 0")
    public boolean isGraceNotNegative() {
        return grace == null || !grace.isNegative();
    }

    /** Checked at start-up: the history shown must still be stored, and a window must outlive its grace. */
    @AssertTrue(message = "profilestream.demand.retention must cover history-days plus one hour plus the grace")
    public boolean isRetentionLongEnough() {
        return retention == null || grace == null
                || retention.compareTo(Duration.ofDays(historyDays).plus(HOUR).plus(grace)) >= 0;
    }
}
