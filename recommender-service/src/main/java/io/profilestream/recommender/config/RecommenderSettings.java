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
 * @param rankedCacheSize       users whose model ranking is kept between requests (entries; 0
 *                              turns the cache off: every request computes its list). Memory per
 *                              entry is about {@code rankedCacheDepth × 4 × (parts + 1)} bytes
 *                              plus the user's LSTM state (the shipped hybrid has 11 parts: ~5 KB
 *                              at depth 100, so ~50 MB for 10,000 entries)
 * @param rankedCacheTtl        how long a cached ranking is kept after its last use: it bounds how
 *                              long a user's ranking stays in memory after they stop being
 *                              requested or are removed by any path other than erasure (see
 *                              {@link io.profilestream.recommender.cache.RankedListCache})
 * @param rankedCacheMaxAge     longest a cached ranking is served however often it is used, less a
 *                              random 0-20 % per entry so rankings computed together do not all
 *                              expire together; a bound on any input the cache's reasoning missed
 *                              (at least {@code rankedCacheTtl})
 * @param rankedCacheDepth      items ranked and cached per user, so business filters applied at
 *                              serve time still leave {@code k}; at least {@code maxK} (checked
 *                              while the cache is on)
 * @param openedProfiles        users whose opened (decrypted, parsed) profile is kept between
 *                              requests, dropped {@code rankedCacheTtl} after its last read; used only
 *                              while the stored profile and key are unchanged (0 turns it off). About
 *                              8-12 KB of heap per entry with an LSTM state of 128
 *                              ({@code ProfileVaultBenchmark}): ~60 MB at the default
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
        int shownItemsKept,
        @DefaultValue("10000") @PositiveOrZero(message = "profilestream.recommender.ranked-cache-size must be >= 0 (0 turns the cache off)")
        int rankedCacheSize,
        @DefaultValue("30s") @NotNull(message = "set profilestream.recommender.ranked-cache-ttl, e.g. 30s")
        Duration rankedCacheTtl,
        @DefaultValue("10m") @NotNull(message = "set profilestream.recommender.ranked-cache-max-age, e.g. 10m")
        Duration rankedCacheMaxAge,
        @DefaultValue("100") @Max(value = 10_000, message = "profilestream.recommender.ranked-cache-depth must be <= 10000")
        int rankedCacheDepth,
        @DefaultValue("5000") @PositiveOrZero(message = "profilestream.recommender.opened-profiles must be >= 0 (0 turns the cache off)")
        int openedProfiles) {

    /** The documented defaults, for tests and tools that run without Spring. */
    public static RecommenderSettings defaults() {
        return new RecommenderSettings(Duration.ofDays(1), 1.0, 0.5, 0.05, 5, 200, 20, 100, Duration.ofSeconds(2),
                1, 3, 200, 10_000, Duration.ofSeconds(30), Duration.ofMinutes(10), 100, 5_000);
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

    /** Checked at start-up while the cache is on: a cached ranking must be deep enough for the largest request. */
    @AssertTrue(message = "profilestream.recommender.ranked-cache-depth must be >= profilestream.recommender.max-k")
    public boolean isRankedCacheDepthAtLeastMaxK() {
        return rankedCacheSize == 0 || rankedCacheDepth >= maxK;
    }

    /** Checked at start-up: a zero TTL would cache nothing while paying for the deeper ranking. */
    @AssertTrue(message = "profilestream.recommender.ranked-cache-ttl must be positive (at least 1ms)")
    public boolean isRankedCacheTtlPositive() {
        return rankedCacheTtl == null || rankedCacheTtl.toMillis() > 0;
    }

    /** Checked at start-up while the cache is on: an entry idle for its TTL is gone, so a shorter max age would make the TTL meaningless. */
    @AssertTrue(message = "profilestream.recommender.ranked-cache-max-age must be >= profilestream.recommender.ranked-cache-ttl")
    public boolean isRankedCacheMaxAgeAtLeastTtl() {
        return rankedCacheSize == 0 || rankedCacheMaxAge == null || rankedCacheTtl == null
                || rankedCacheMaxAge.compareTo(rankedCacheTtl) >= 0;
    }

    /** Checked at start-up. */
    @AssertTrue(message = "profilestream.recommender.forward-timeout must be positive")
    public boolean isForwardTimeoutPositive() {
        return forwardTimeout == null || forwardTimeout.toMillis() > 0;
    }
}
