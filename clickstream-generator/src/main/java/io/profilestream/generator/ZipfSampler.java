package io.profilestream.generator;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws ranks 0..n-1 with P(rank r) proportional to 1/(r+1)^s: the long-tailed popularity that
 * real catalogues show (a few items take most views). Inverse-CDF by binary search, O(log n).
 */
public final class ZipfSampler {

    private final double[] cdf;

    /**
     * @param n        number of ranks, at least 1
     * @param exponent Zipf exponent s; about 1 for item popularity in e-commerce logs
     */
    public ZipfSampler(int n, double exponent) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, got " + n);
        }
        cdf = new double[n];
        double sum = 0;
        for (int r = 0; r < n; r++) {
            sum += 1.0 / Math.pow(r + 1, exponent);
            cdf[r] = sum;
        }
        for (int r = 0; r < n; r++) {
            cdf[r] /= sum;
        }
    }

    /** The probability of rank {@code r}. */
    public double probability(int r) {
        return r == 0 ? cdf[0] : cdf[r] - cdf[r - 1];
    }

    /** Number of ranks. */
    public int size() {
        return cdf.length;
    }

    /** One rank drawn with {@code random}. */
    public int sample(SplittableRandom random) {
        int i = Arrays.binarySearch(cdf, random.nextDouble());
        int rank = i >= 0 ? i : -i - 1;
        return Math.min(rank, cdf.length - 1);
    }
}
