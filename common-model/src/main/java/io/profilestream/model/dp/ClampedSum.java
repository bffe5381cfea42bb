package io.profilestream.model.dp;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Accumulates real values (e.g. prices) as a clamped fixed-point integer sum, so that a sum or a
 * mean can be released through the integer {@link DiscreteLaplace} mechanism
 * ({@link DpReleaser#sum}).
 *
 * <p>Each value is clamped into {@code [lower, upper]} and rounded to a multiple of
 * {@code resolution}; the sum is kept in those integer units. Clamping is what bounds the
 * sensitivity: adding or removing one user changes the sum by at most
 * {@code contributionsPerUser · max(|lower|, |upper|)}. The CALLER must make sure each user adds at
 * most {@code contributionsPerUser} values (e.g. one value per user: their mean basket price);
 * this class cannot see users. Clamping biases the result when many values lie outside the
 * bounds: choose bounds from public knowledge (the catalogue's price range), never from the data.
 *
 * <p>A mean is two releases: the sum ({@link DpReleaser#sum}) and the count of values
 * ({@link DpReleaser#count} with {@link #count()} and sensitivity {@link #contributionsPerUser()}),
 * each with half the ε; {@link NoisySum#meanWith(NoisyCount)} divides them (post-processing).
 *
 * <p>Not thread-safe: one accumulator per aggregation.
 */
public final class ClampedSum {

    private final BigDecimal resolution;
    private final long lowerUnits;
    private final long upperUnits;
    private final int contributionsPerUser;
    private final double lower;
    private final double upper;
    private long units;
    private long count;

    private ClampedSum(BigDecimal resolution, long lowerUnits, long upperUnits, int contributionsPerUser) {
        this.resolution = resolution;
        this.lowerUnits = lowerUnits;
        this.upperUnits = upperUnits;
        this.contributionsPerUser = contributionsPerUser;
        this.lower = resolution.multiply(BigDecimal.valueOf(lowerUnits)).doubleValue();
        this.upper = resolution.multiply(BigDecimal.valueOf(upperUnits)).doubleValue();
    }

    /**
     * An empty sum.
     *
     * @param lower                smallest value counted; smaller values count as {@code lower}
     * @param upper                largest value counted; larger values count as {@code upper}
     * @param resolution           the fixed-point step, e.g. 0.01 for cents; bounds must be multiples of it
     * @param contributionsPerUser most values one user adds (enforced by the caller), at least 1
     * @throws IllegalArgumentException when the bounds are not finite multiples of a positive
     *                                  resolution with lower &lt; upper, or contributionsPerUser &lt; 1
     */
    public static ClampedSum of(double lower, double upper, double resolution, int contributionsPerUser) {
        if (!Double.isFinite(resolution) || resolution <= 0) {
            throw new IllegalArgumentException("the resolution must be a positive finite number, got " + resolution);
        }
        if (!Double.isFinite(lower) || !Double.isFinite(upper) || !(lower < upper)) {
            throw new IllegalArgumentException("the bounds must be finite with lower < upper, got [" + lower + ", " + upper + "]");
        }
        if (contributionsPerUser < 1) {
            throw new IllegalArgumentException("contributionsPerUser must be at least 1, got " + contributionsPerUser);
        }
        BigDecimal step = BigDecimal.valueOf(resolution);
        return new ClampedSum(step, units(lower, step), units(upper, step), contributionsPerUser);
    }

    private static long units(double bound, BigDecimal step) {
        BigDecimal[] qr = BigDecimal.valueOf(bound).divideAndRemainder(step);
        if (qr[1].signum() != 0) {
            throw new IllegalArgumentException("the bound " + bound + " is not a multiple of the resolution " + step.toPlainString());
        }
        return qr[0].longValueExact();
    }

    /**
     * Adds one value, clamped into the bounds and rounded to the resolution.
     *
     * @throws IllegalArgumentException for NaN (infinities are clamped)
     */
    public ClampedSum add(double value) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("cannot add NaN to a clamped sum");
        }
        long u;
        if (value <= lower) {
            u = lowerUnits;
        } else if (value >= upper) {
            u = upperUnits;
        } else {
            u = BigDecimal.valueOf(value).divide(resolution, 0, RoundingMode.HALF_EVEN).longValueExact();
            u = Math.max(lowerUnits, Math.min(upperUnits, u));
        }
        units = Math.addExact(units, u);
        count++;
        return this;
    }

    /** The exact clamped sum in units of the resolution. */
    public long units() {
        return units;
    }

    /** How many values were added. */
    public long count() {
        return count;
    }

    /** The most one user can change {@link #units()}: {@code contributionsPerUser · max(|lower|, |upper|)} in units. */
    public long sensitivityUnits() {
        return Math.multiplyExact(contributionsPerUser, Math.max(Math.abs(lowerUnits), Math.abs(upperUnits)));
    }

    /** Most values one user adds, as promised by the caller. */
    public int contributionsPerUser() {
        return contributionsPerUser;
    }

    /** The fixed-point step. */
    public double resolution() {
        return resolution.doubleValue();
    }

    /** Smallest value counted. */
    public double lower() {
        return lower;
    }

    /** Largest value counted. */
    public double upper() {
        return upper;
    }

    /** A sum in units as a value, exactly {@code units · resolution} rounded once to a double. */
    double toValue(long sumUnits) {
        return resolution.multiply(BigDecimal.valueOf(sumUnits)).doubleValue();
    }
}
