package io.profilestream.recommender.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Popularity and ranking settings of the recommender ({@code profilestream.recommender.*}).
 *
 * <p>Score of an item for a known user:
 * {@code (categoryWeight * categoryShare + brandWeight * brandShare + exploration) * popularityPart}.
 *
 * @param popularityHalfLife    half-life of item popularity; changing it changes the meaning of
 *                              stored scores, so treat it as part of the data format
 * @param categoryWeight        weight of the user's share of interest in the item's category
 * @param brandWeight           weight of the user's share of interest in the item's brand
 * @param exploration           floor added to the affinity so popular items outside the user's
 *                              interests can still surface
 * @param topCategories         how many of the user's strongest categories feed candidates
 * @param candidatesPerCategory candidates taken from each of those categories and from the
 *                              global popularity list
 * @param defaultK              recommendations returned when the request names no {@code k}
 * @param maxK                  largest {@code k} a request may ask for
 * @param forwardTimeout        how long to wait for the instance that owns a profile
 * @param neuralMinSteps        LSTM steps a session needs before the model serves the user;
 *                              below that, popular-in-their-categories serves them
 * @param maxTimesShown         an item shown to a user this many times is not recommended to
 *                              them again (until it drops out of {@code shownItemsKept})
 * @param shownItemsKept        most recently shown items remembered per user
 */
@Validated
@ConfigurationProperties("profilestream.recommender")
public record RecommenderSettings(
        @DefaultValue("1d") @NotNull(message = "set profilestream.recommender.popularity-half-life, e.g. 1d")
        Duration popularityHalfLife,
        @DefaultValue("1.0") @PositiveOrZero(message = "profilestream.recommender.category-weight must be >= 0")
        double categoryWeight,
        @DefaultValue("0.5") @PositiveOrZero(message = "profilestream.recommender.brand-weight must be >= 0")
        double brandWeight,
        @DefaultValue("0.05") @PositiveOrZero(message = "profilestream.recommender.exploration must be >= 0")
        double exploration,
        @DefaultValue("5") @Min(value = 1, message = "profilestream.recommender.top-categories must be >= 1")
        @Max(value = 50, message = "profilestream.recommender.top-categories must be <= 50")
        int topCategories,
        @DefaultValue("200") @Min(value = 1, message = "profilestream.recommender.candidates-per-category must be >= 1")
        @Max(value = 10_000, message = "profilestream.recommender.candidates-per-category must be <= 10000")
        int candidatesPerCategory,
        @DefaultValue("20") @Min(value = 1, message = "profilestream.recommender.default-k must be >= 1")
        int defaultK,
        @DefaultValue("100") @Min(value = 1, message = "profilestream.recommender.max-k must be >= 1")
        @Max(value = 1_000, message = "profilestream.recommender.max-k must be <= 1000")
        int maxK,
        @DefaultValue("2s") @NotNull(message = "set profilestream.recommender.forward-timeout, e.g. 2s")
        Duration forwardTimeout,
        @DefaultValue("1") @Min(value = 1, message = "profilestream.recommender.neural-min-steps must be >= 1")
        int neuralMinSteps,
        @DefaultValue("3") @Min(value = 1, message = "profilestream.recommender.max-times-shown must be >= 1")
        int maxTimesShown,
        @DefaultValue("200") @Min(value = 1, message = "profilestream.recommender.shown-items-kept must be >= 1")
        @Max(value = 10_000, message = "profilestream.recommender.shown-items-kept must be <= 10000")
        int shownItemsKept) {

    /** The documented defaults, for tests and tools that run without Spring. */
    public static RecommenderSettings defaults() {
        return new RecommenderSettings(Duration.ofDays(1), 1.0, 0.5, 0.05, 5, 200, 20, 100, Duration.ofSeconds(2),
                1, 3, 200);
    }

    /** Checked at start-up: a zero or negative half-life would make every score infinite or NaN. */
    @AssertTrue(message = "profilestream.recommender.popularity-half-life must be positive (at least 1ms)")
    public boolean isPopularityHalfLifePositive() {
        return popularityHalfLife == null || popularityHalfLife.toMillis() > 0;
    }

    /** Checked at start-up: the default must itself be a valid request. */
    @AssertTrue(message = "profilestream.recommender.default-k must not exceed profilestream.recommender.max-k")
    public boolean isDefaultKWithinMaxK() {
        return defaultK <= maxK;
    }

    /** Checked at start-up. */
    @AssertTrue(message = "profilestream.recommender.forward-timeout must be positive")
    public boolean isForwardTimeoutPositive() {
        return forwardTimeout == null || forwardTimeout.toMillis() > 0;
    }
}
