package io.profilestream.ml.knn;

import io.profilestream.ml.ItemScores;

import java.util.Arrays;

/**
 * Scores of the few items a neighbourhood method has evidence for; every other item scores 0.
 * Lets the online path work with the neighbours' items only instead of a catalogue-sized array.
 * Immutable.
 */
public final class SparseScores implements ItemScores {

    /** No item has a score. */
    public static final SparseScores EMPTY = new SparseScores(new int[0], new float[0]);

    private final int[] items;
    private final float[] scores;

    private SparseScores(int[] itemsAscending, float[] scores) {
        this.items = itemsAscending;
        this.scores = scores;
    }

    /**
     * @param items  distinct item indexes (any order; the arrays are not kept)
     * @param scores their scores
     * @param n      how many entries of the arrays are used
     */
    public static SparseScores of(int[] items, float[] scores, int n) {
        long[] keyed = new long[n];
        for (int i = 0; i < n; i++) {
            keyed[i] = ((long) items[i] << 32) | (0xFFFFFFFFL & i);
        }
        Arrays.sort(keyed);
        int[] sortedItems = new int[n];
        float[] sortedScores = new float[n];
        for (int i = 0; i < n; i++) {
            sortedItems[i] = (int) (keyed[i] >>> 32);
            sortedScores[i] = scores[(int) keyed[i]];
            if (i > 0 && sortedItems[i] == sortedItems[i - 1]) {
                throw new IllegalArgumentException("item " + sortedItems[i] + " given twice");
            }
        }
        return new SparseScores(sortedItems, sortedScores);
    }

    @Override
    public float get(int item) {
        int i = Arrays.binarySearch(items, item);
        return i < 0 ? 0f : scores[i];
    }

    /**
     * Writes every score at its item into {@code dense}, touching no other entry; {@link #clearIn}
     * undoes it. For callers that look up many items per request in a scratch array they keep all
     * zeros between requests (a dense read instead of a binary search per lookup).
     *
     * @param dense at least {@link #itemBound()} long
     */
    public void scatterInto(float[] dense) {
        for (int i = 0; i < items.length; i++) {
            dense[items[i]] = scores[i];
        }
    }

    /** Sets the entries {@link #scatterInto} wrote back to 0. */
    public void clearIn(float[] dense) {
        for (int item : items) {
            dense[item] = 0f;
        }
    }

    /** One more than the largest item with an entry; 0 when there is none. */
    public int itemBound() {
        return items.length == 0 ? 0 : items[items.length - 1] + 1;
    }

    /** Number of items with an entry. */
    public int size() {
        return items.length;
    }

    /** Writes every score into a dense array that is all zeros elsewhere. */
    public void copyTo(float[] dense) {
        Arrays.fill(dense, 0f);
        for (int i = 0; i < items.length; i++) {
            dense[items[i]] = scores[i];
        }
    }

    /**
     * The (at most) {@code n} highest-scored items with a score above 0, best first; equal scores:
     * lower index first (the same order as a full scan of a dense array would give).
     */
    public int[] top(int n) {
        int positive = 0;
        long[] keyed = new long[items.length];
        for (int i = 0; i < items.length; i++) {
            float v = scores[i];
            if (v > 0) {
                // Positive floats order like their bits; ~item puts the lower index first on ties.
                keyed[positive++] = ((long) Float.floatToIntBits(v) << 32) | (0xFFFFFFFFL & ~items[i]);
            }
        }
        Arrays.sort(keyed, 0, positive);
        int[] out = new int[Math.min(n, positive)];
        for (int k = 0; k < out.length; k++) {
            out[k] = ~(int) keyed[positive - 1 - k];
        }
        return out;
    }
}
