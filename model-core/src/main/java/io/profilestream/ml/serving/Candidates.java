package io.profilestream.ml.serving;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Picks {@link QuantizedRetriever}'s candidates from the first pass's approximate scores: the best
 * {@code m} eligible items by approximate score descending, then index ascending (the order of
 * {@link ExactRetriever}), a set that does not depend on how the scores were computed.
 *
 * <p>How: the scan also records the maximum score of each group of items (32 with AVX-512). The
 * m-th largest group maximum {@code t} is a lower bound of the m-th best score (m groups each hold
 * an item scoring at least {@code t}), so only items scoring at least {@code t} can be among the
 * best m, and only groups whose maximum reaches {@code t} are read. A quickselect then keeps the
 * best m of those. Measured on 50,000 items, m = 400: an online binary heap fed every score cost
 * ~170 µs a query (about 3,000 insertions behind unpredictable branches), a buffer cut back by
 * quickselect ~150 µs, this a few tens of µs. When excluded items leave fewer than m eligible
 * items above the bound, every eligible item is considered instead.
 *
 * <p>Each entry is one {@code long} key: the score mapped to an int in float order (high half),
 * then {@code MAX_VALUE - index} (low half), so a larger key is a better item and keys are distinct.
 */
final class Candidates {

    private Candidates() {
    }

    /**
     * The best {@code m} eligible items, in no particular order; fewer only if fewer are eligible.
     * Items scoring -∞ (padding, NaN biases) are never eligible; scores are never NaN. Allocates
     * the result (tests; the retriever uses the scratch version).
     *
     * @param scores    approximate score per item (padded; entries past {@code items} are ignored)
     * @param groupMax  maximum of {@code scores} over each run of {@code groupSize} items
     * @param excluded  asked only about items scoring at least the bound
     */
    static int[] best(float[] scores, float[] groupMax, int groupSize, int items, int m, IntPredicate excluded) {
        int[] out = new int[m];
        int count = best(scores, groupMax, groupMax.length, groupSize, items, m, excluded, new RetrievalScratch(), out);
        return Arrays.copyOf(out, count);
    }

    /**
     * As {@link #best(float[], float[], int, int, int, IntPredicate)}, into {@code out[0, count)}
     * with work arrays from {@code x}; returns the count. Only {@code groupMax[0, groups)} and
     * {@code scores[0, items)} are read: the arrays may be longer (scratch of a larger model).
     *
     * @param out at least {@code m} long
     */
    static int best(float[] scores, float[] groupMax, int groups, int groupSize, int items, int m, IntPredicate excluded,
                    RetrievalScratch x, int[] out) {
        float bound = m < groups ? largest(groupMax, groups, m, x) : Float.NEGATIVE_INFINITY;
        int count = collect(scores, groupMax, groups, groupSize, items, bound, m, excluded, x);
        if (count < m && bound != Float.NEGATIVE_INFINITY) {
            count = collect(scores, groupMax, groups, groupSize, items, Float.NEGATIVE_INFINITY, m, excluded, x);
        }
        long[] keys = x.keys;
        if (count > m) {
            selectLargest(keys, count, m);
            count = m;
        }
        for (int i = 0; i < count; i++) {
            out[i] = Integer.MAX_VALUE - (int) keys[i];
        }
        return count;
    }

    /** Keys of the eligible items scoring at least {@code bound} into {@code x.keys}; returns their count. */
    private static int collect(float[] scores, float[] groupMax, int groups, int groupSize, int items, float bound,
                               int m, IntPredicate excluded, RetrievalScratch x) {
        long[] keys = x.keys(Math.max(16, 2 * m));
        int count = 0;
        for (int g = 0; g < groups; g++) {
            float max = groupMax[g];
            if (max < bound || max == Float.NEGATIVE_INFINITY) {
                continue;
            }
            int end = Math.min(items, (g + 1) * groupSize);
            for (int j = g * groupSize; j < end; j++) {
                float s = scores[j];
                if (s >= bound && s != Float.NEGATIVE_INFINITY && !excluded.test(j)) {
                    if (count == keys.length) {
                        keys = Arrays.copyOf(keys, 2 * keys.length);
                        x.keys = keys;
                    }
                    keys[count++] = key(s, j);
                }
            }
        }
        return count;
    }

    /** The {@code k}-th largest of {@code values[0, n)} (1-based), which are not modified. */
    private static float largest(float[] values, int n, int k, RetrievalScratch x) {
        long[] keys = x.groupKeys(n);
        for (int i = 0; i < n; i++) {
            keys[i] = key(values[i], i);
        }
        selectLargest(keys, n, k);
        long kth = keys[0];
        for (int i = 1; i < k; i++) {
            kth = Math.min(kth, keys[i]);
        }
        return score(kth);
    }

    /** The sort key of (score, item); -0 and +0 are one score, as {@code ==} compares them. */
    static long key(float score, int item) {
        int bits = Float.floatToRawIntBits(score == 0f ? 0f : score);
        int ordered = bits ^ ((bits >> 31) & Integer.MAX_VALUE);
        return ((long) ordered << 32) | (Integer.MAX_VALUE - item);
    }

    /** The score of a {@link #key}. */
    static float score(long key) {
        int ordered = (int) (key >> 32);
        return Float.intBitsToFloat(ordered ^ ((ordered >> 31) & Integer.MAX_VALUE));
    }

    /**
     * Reorders {@code a[0, n)} so that its {@code k} largest values are in {@code a[0, k)}: Hoare
     * quickselect with a median-of-three pivot (keys are distinct), and a sort if it degenerates.
     */
    static void selectLargest(long[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        int budget = 2 * (32 - Integer.numberOfLeadingZeros(n)) + 8;
        while (lo < hi) {
            if (budget-- == 0) {
                Arrays.sort(a, lo, hi + 1);
                reverse(a, lo, hi);
                return;
            }
            int mid = (lo + hi) >>> 1;
            long pivot = median(a[lo], a[mid], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] > pivot) {
                    i++;
                }
                while (a[j] < pivot) {
                    j--;
                }
                if (i <= j) {
                    long t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            // Now a[lo..j] >= pivot >= a[i..hi] and anything between equals the pivot.
            if (k - 1 <= j) {
                hi = j;
            } else if (k - 1 >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    private static long median(long a, long b, long c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    private static void reverse(long[] a, int lo, int hi) {
        while (lo < hi) {
            long t = a[lo];
            a[lo++] = a[hi];
            a[hi--] = t;
        }
    }
}
