package io.profilestream.ml.hybrid;

import java.util.Arrays;

/** The best-scored items of a score array, without sorting the whole array. */
public final class TopN {

    private TopN() {
    }

    /**
     * The (at most) {@code n} highest-scored items, best first; equal scores: lower index first.
     * NaN and -∞ are never selected.
     *
     * @param positiveOnly select only items scored above 0 (a kNN score of 0 means "no evidence")
     */
    public static int[] of(float[] scores, int n, boolean positiveOnly) {
        int[] items = new int[n];
        float[] best = new float[n];
        int size = 0;
        for (int i = 0; i < scores.length; i++) {
            float v = scores[i];
            if (Float.isNaN(v) || v == Float.NEGATIVE_INFINITY || (positiveOnly && !(v > 0))) {
                continue;
            }
            if (size == n && !(v > best[n - 1])) {
                continue;
            }
            // Insertion into the sorted prefix; strict '>' keeps the lower index first on ties.
            int pos = size == n ? n - 1 : size++;
            while (pos > 0 && v > best[pos - 1]) {
                best[pos] = best[pos - 1];
                items[pos] = items[pos - 1];
                pos--;
            }
            best[pos] = v;
            items[pos] = i;
        }
        return Arrays.copyOf(items, size);
    }
}
