package io.profilestream.model.dp;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.random.RandomGenerator;

/**
 * The discrete Laplace (two-sided geometric) distribution with scale {@code t}:
 * {@code P(X = x) = (1 - q) / (1 + q) * q^|x|} with {@code q = exp(-1/t)}, sampled exactly.
 *
 * <p>Added to an integer aggregate whose L1 sensitivity is {@code Δ}, noise of scale
 * {@code t = Δ / ε} gives ε-differential privacy: moving the exact value by at most {@code Δ}
 * changes the probability of every output by a factor of at most {@code exp(Δ/t) = exp(ε)}.
 *
 * <p><b>Why not floating-point Laplace.</b> The textbook sampler {@code -t·sgn(u)·ln(1-2|u|)}
 * computed in doubles does not produce a Laplace distribution: the set of doubles it can return
 * and their probabilities depend on the exact value it was added to, so the low-order bits of a
 * noisy result can reveal the exact value (Mironov 2012, "On significance of the least
 * significant bits for differential privacy"). Here every step is integer or rational arithmetic
 * driven by uniform integers ({@link RandomGenerator#nextLong(long)} is unbiased), so the output
 * has exactly the intended distribution and the result is an integer with nothing hidden in low bits.
 *
 * <p>The algorithms are those of Canonne, Kamath and Steinke 2020, "The Discrete Gaussian for
 * Differential Privacy": Algorithm 1 (Bernoulli(exp(-γ)) for rational γ) and Algorithm 2 (discrete
 * Laplace with rational scale {@code t/s}). The scale is kept as a reduced fraction
 * {@code numerator/denominator}; ε is turned into a fraction from its decimal form, rounded DOWN
 * to {@value #EPSILON_DECIMALS} decimals, so the noise is never smaller than ε asks for.
 *
 * <p>Not constant-time: how long a draw takes depends on the value drawn (as in CKS 2020). An
 * observer who can time single releases precisely learns something about the noise; the releases
 * here are computed off the request path (and should be cached, see the package documentation).
 *
 * <p>Instances are immutable and thread-safe; the generator passed to {@link #sample} must not be
 * used by another thread at the same time.
 */
public final class DiscreteLaplace {

    /** Name of this mechanism as shown in privacy notes. */
    public static final String MECHANISM = "discrete-laplace";

    /** Decimals of ε kept when it is turned into a fraction (the rest is rounded down). */
    public static final int EPSILON_DECIMALS = 9;

    private final long scaleNumerator;
    private final long scaleDenominator;

    private DiscreteLaplace(long scaleNumerator, long scaleDenominator) {
        long gcd = gcd(scaleNumerator, scaleDenominator);
        this.scaleNumerator = scaleNumerator / gcd;
        this.scaleDenominator = scaleDenominator / gcd;
    }

    /**
     * The distribution with the rational scale {@code numerator / denominator}.
     *
     * @throws IllegalArgumentException unless both are at least 1
     */
    public static DiscreteLaplace withScale(long numerator, long denominator) {
        if (numerator < 1 || denominator < 1) {
            throw new IllegalArgumentException("the scale must be a positive fraction, got " + numerator + "/" + denominator);
        }
        return new DiscreteLaplace(numerator, denominator);
    }

    /**
     * The noise that makes an aggregate of L1 sensitivity {@code sensitivity} ε-differentially
     * private: scale {@code sensitivity / ε}, with ε rounded down to {@value #EPSILON_DECIMALS} decimals.
     *
     * @throws IllegalArgumentException when the sensitivity is below 1, ε is not a finite number of
     *                                  at least 1e-9, or the scale's fraction does not fit in a long
     */
    public static DiscreteLaplace forEpsilon(long sensitivity, double epsilon) {
        if (sensitivity < 1) {
            throw new IllegalArgumentException("the sensitivity must be at least 1, got " + sensitivity);
        }
        if (!Double.isFinite(epsilon) || epsilon <= 0) {
            throw new IllegalArgumentException("epsilon must be a positive finite number, got " + epsilon);
        }
        BigDecimal eps = BigDecimal.valueOf(epsilon).setScale(EPSILON_DECIMALS, RoundingMode.FLOOR).stripTrailingZeros();
        if (eps.signum() <= 0) {
            throw new IllegalArgumentException("epsilon must be at least 1e-" + EPSILON_DECIMALS + ", got " + epsilon);
        }
        // ε = unscaled / 10^scale, so Δ/ε = Δ·10^scale / unscaled (scale may be negative for e.g. 1E+1).
        BigDecimal unscaled = new BigDecimal(eps.unscaledValue());
        BigDecimal numerator = BigDecimal.valueOf(sensitivity);
        BigDecimal denominator = unscaled;
        if (eps.scale() >= 0) {
            numerator = numerator.movePointRight(eps.scale());
        } else {
            denominator = denominator.movePointRight(-eps.scale());
        }
        try {
            return new DiscreteLaplace(numerator.longValueExact(), denominator.longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("sensitivity " + sensitivity + " with epsilon " + epsilon
                    + " gives a noise scale too large to sample exactly", e);
        }
    }

    /** Numerator of the reduced scale fraction. */
    public long scaleNumerator() {
        return scaleNumerator;
    }

    /** Denominator of the reduced scale fraction. */
    public long scaleDenominator() {
        return scaleDenominator;
    }

    /** The scale {@code t} as a double, for display. */
    public double scale() {
        return (double) scaleNumerator / scaleDenominator;
    }

    /** The variance {@code 2q / (1-q)^2} with {@code q = exp(-1/t)}. */
    public double variance() {
        double q = Math.exp(-1.0 / scale());
        // 1 - q computed as -expm1(-1/t) keeps precision for large scales.
        double oneMinusQ = -Math.expm1(-1.0 / scale());
        return 2 * q / (oneMinusQ * oneMinusQ);
    }

    /** The standard deviation, {@code sqrt(variance())}. */
    public double standardDeviation() {
        return Math.sqrt(variance());
    }

    /**
     * Draws one value (CKS 2020, Algorithm 2 with {@code t} = the numerator and {@code s} = the
     * denominator of the scale).
     */
    public long sample(RandomGenerator random) {
        long t = scaleNumerator;
        long s = scaleDenominator;
        while (true) {
            long u = t == 1 ? 0 : random.nextLong(t);
            if (!bernoulliExpMinus(random, u, t)) {
                continue;
            }
            // V ~ Geometric(1 - e^-1): count successes of Bernoulli(exp(-1)) before the first failure.
            long v = 0;
            while (bernoulliExpMinus(random, 1, 1)) {
                v++;
            }
            // X = U + t·V is geometric with parameter 1 - exp(-1/t); Y = floor(X/s) with 1 - exp(-s/t).
            long x = Math.addExact(u, Math.multiplyExact(t, v));
            long y = x / s;
            boolean negative = random.nextBoolean();
            if (negative && y == 0) {
                // Otherwise 0 would be drawn twice as often as it should.
                continue;
            }
            return negative ? -y : y;
        }
    }

    /**
     * A Bernoulli trial with success probability {@code exp(-numerator/denominator)}, exactly
     * (CKS 2020, Algorithm 1).
     *
     * @throws IllegalArgumentException when numerator &lt; 0 or denominator &lt; 1
     */
    public static boolean bernoulliExpMinus(RandomGenerator random, long numerator, long denominator) {
        if (numerator < 0 || denominator < 1) {
            throw new IllegalArgumentException("gamma must be a non-negative fraction, got " + numerator + "/" + denominator);
        }
        long whole = numerator / denominator;
        // exp(-γ) = exp(-1)^floor(γ) · exp(-(γ - floor(γ))): one Bernoulli(exp(-1)) per whole unit.
        for (long k = 0; k < whole; k++) {
            if (!bernoulliExpMinusAtMostOne(random, 1, 1)) {
                return false;
            }
        }
        return bernoulliExpMinusAtMostOne(random, numerator - whole * denominator, denominator);
    }

    /** Bernoulli(exp(-γ)) for γ = n/d in [0, 1]: K is the first index whose Bernoulli(γ/K) fails; success iff K is odd. */
    private static boolean bernoulliExpMinusAtMostOne(RandomGenerator random, long n, long d) {
        long k = 1;
        while (bernoulli(random, n, Math.multiplyExact(d, k))) {
            k++;
        }
        return (k & 1) == 1;
    }

    /** Bernoulli(n/d) for 0 &lt;= n &lt;= d, from one unbiased uniform integer in [0, d). */
    static boolean bernoulli(RandomGenerator random, long n, long d) {
        return n > 0 && random.nextLong(d) < n;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long r = a % b;
            a = b;
            b = r;
        }
        return a;
    }

    @Override
    public String toString() {
        return MECHANISM + "(scale=" + scaleNumerator + "/" + scaleDenominator + ")";
    }
}
