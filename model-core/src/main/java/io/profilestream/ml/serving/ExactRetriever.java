package io.profilestream.ml.serving;

import io.profilestream.ml.lstm.LstmStep;
import io.profilestream.ml.lstm.LstmWeights;

import java.util.function.IntPredicate;

/**
 * Retrieval by scoring every item: {@code h·w_j + b_j} with exactly the float operations of
 * {@link LstmStep#scores} (bit-identical scores), top-n kept in a bounded heap, equal scores broken
 * by the lower index, NaN and -∞ never returned: the same list as a full sort of the scores. The
 * reference for approximate retrievers. Its cost is the whole catalogue times the hidden size per
 * call (four items are scored side by side so the CPU overlaps their independent sums; each sum
 * keeps its own order). Immutable and thread-safe.
 */
public final class ExactRetriever implements ItemRetriever {

    /** {@link #name()}. */
    public static final String NAME = "exact";

    private final LstmWeights weights;

    /** Scores the item output vectors of {@code weights}. */
    public ExactRetriever(LstmWeights weights) {
        this.weights = weights;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int[] top(float[] h, int n, IntPredicate excluded) {
        int hidden = weights.hiddenSize();
        if (h.length != hidden) {
            throw new IllegalArgumentException("profile vector has " + h.length + " values, the model " + hidden);
        }
        int items = weights.items();
        Heap heap = new Heap(Math.max(0, Math.min(n, items)));
        if (heap.capacity == 0) {
            return new int[0];
        }
        float[] ow = weights.outputWeights();
        float[] ob = weights.outputBias();
        int j = 0;
        for (; j + 4 <= items; j += 4) {
            int o0 = j * hidden;
            int o1 = o0 + hidden;
            int o2 = o1 + hidden;
            int o3 = o2 + hidden;
            float s0 = ob[j];
            float s1 = ob[j + 1];
            float s2 = ob[j + 2];
            float s3 = ob[j + 3];
            for (int k = 0; k < hidden; k++) {
                float hk = h[k];
                s0 += hk * ow[o0 + k];
                s1 += hk * ow[o1 + k];
                s2 += hk * ow[o2 + k];
                s3 += hk * ow[o3 + k];
            }
            offer(heap, excluded, j, s0);
            offer(heap, excluded, j + 1, s1);
            offer(heap, excluded, j + 2, s2);
            offer(heap, excluded, j + 3, s3);
        }
        for (; j < items; j++) {
            offer(heap, excluded, j, LstmStep.score(weights, h, j));
        }
        return heap.bestFirst();
    }

    private static void offer(Heap heap, IntPredicate excluded, int item, float score) {
        if (Float.isNaN(score) || score == Float.NEGATIVE_INFINITY || excluded.test(item)) {
            return;
        }
        heap.offer(item, score);
    }

    /**
     * A min-heap of the best items so far: the root is the worst kept (lowest score; on equal scores
     * the higher index). Items arrive in increasing index order, so a newcomer equal to the root is
     * worse than it and is not kept.
     */
    private static final class Heap {
        final int capacity;
        final int[] items;
        final float[] scores;
        int size;

        Heap(int capacity) {
            this.capacity = capacity;
            this.items = new int[capacity];
            this.scores = new float[capacity];
        }

        void offer(int item, float score) {
            if (size < capacity) {
                int i = size++;
                while (i > 0) {
                    int parent = (i - 1) >>> 1;
                    if (!worse(item, score, items[parent], scores[parent])) {
                        break;
                    }
                    items[i] = items[parent];
                    scores[i] = scores[parent];
                    i = parent;
                }
                items[i] = item;
                scores[i] = score;
            } else if (score > scores[0]) {
                siftDown(item, score, size);
            }
        }

        /** Places (item, score) at the root position and restores the heap over the first {@code n} slots. */
        private void siftDown(int item, float score, int n) {
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= n) {
                    break;
                }
                if (child + 1 < n && worse(items[child + 1], scores[child + 1], items[child], scores[child])) {
                    child++;
                }
                if (!worse(items[child], scores[child], item, score)) {
                    break;
                }
                items[i] = items[child];
                scores[i] = scores[child];
                i = child;
            }
            items[i] = item;
            scores[i] = score;
        }

        private static boolean worse(int a, float sa, int b, float sb) {
            return sa < sb || (sa == sb && a > b);
        }

        int[] bestFirst() {
            int[] out = new int[size];
            for (int n = size; n > 0; n--) {
                out[n - 1] = items[0];
                // Move the last slot to the root and sift it down over the remaining n-1 slots.
                siftDown(items[n - 1], scores[n - 1], n - 1);
            }
            return out;
        }
    }
}
