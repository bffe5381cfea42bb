package io.profilestream.ml.serving;

import io.profilestream.ml.lstm.LstmStep;
import io.profilestream.ml.lstm.LstmWeights;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * The second pass of the int8 retrievers ({@link QuantizedRetriever}, {@link PartitionedRetriever}):
 * candidates rescored with exactly {@link ExactRetriever}'s float operations, so returned scores and
 * order are the exact ones and only membership in the top n is approximate.
 */
final class ExactRescore {

    private ExactRescore() {
    }

    /**
     * The best {@code n} of the candidates ({@code ids[0, candidates)}, with room for the irregular
     * items after them) and the {@code irregular} items (never quantized, always rescored) by exact
     * score, descending, then index ascending; NaN and -∞ dropped. Ids are vocabulary indexes.
     */
    static int[] best(LstmWeights weights, float[] h, int[] ids, int candidates, int[] irregular, int n,
                      IntPredicate excluded, RetrievalScratch x) {
        int count = candidates;
        for (int j : irregular) {
            if (!excluded.test(j)) {
                ids[count++] = j;
            }
        }
        float[] scores = x.exact(count);
        exactScores(weights, h, ids, count, scores);
        // The candidate keys are spent (their items are in ids): the array is reused.
        long[] keys = x.keys(count);
        int kept = 0;
        for (int i = 0; i < count; i++) {
            float s = scores[i];
            if (!Float.isNaN(s) && s != Float.NEGATIVE_INFINITY) {
                keys[kept++] = Candidates.key(s, ids[i]);
            }
        }
        Arrays.sort(keys, 0, kept);
        int[] out = new int[Math.min(n, kept)];
        for (int i = 0; i < out.length; i++) {
            out[i] = Integer.MAX_VALUE - (int) keys[kept - 1 - i];
        }
        return out;
    }

    /**
     * {@link LstmStep#score} of {@code ids[0, count)}, bit for bit: each sum starts at the bias and
     * adds {@code h[k]·w[k]} for k ascending. Four rows are summed side by side, as in
     * {@link ExactRetriever}, so the CPU overlaps four add chains and four rows' cache misses.
     * Measured for 400 candidates of 50,000 × 128: rows in cache 12 µs (Vector API gathers, 16
     * rows side by side, 25-30 µs, so not used); rows evicted from cache 80-110 µs (one row at a
     * time 140-190 µs). The second pass is memory-bound, which is why oversample is the knob.
     */
    private static void exactScores(LstmWeights weights, float[] h, int[] ids, int count, float[] out) {
        int hidden = h.length;
        float[] ow = weights.outputWeights();
        float[] ob = weights.outputBias();
        int i = 0;
        for (; i + 4 <= count; i += 4) {
            int o0 = ids[i] * hidden;
            int o1 = ids[i + 1] * hidden;
            int o2 = ids[i + 2] * hidden;
            int o3 = ids[i + 3] * hidden;
            float s0 = ob[ids[i]];
            float s1 = ob[ids[i + 1]];
            float s2 = ob[ids[i + 2]];
            float s3 = ob[ids[i + 3]];
            for (int k = 0; k < hidden; k++) {
                float hk = h[k];
                s0 += hk * ow[o0 + k];
                s1 += hk * ow[o1 + k];
                s2 += hk * ow[o2 + k];
                s3 += hk * ow[o3 + k];
            }
            out[i] = s0;
            out[i + 1] = s1;
            out[i + 2] = s2;
            out[i + 3] = s3;
        }
        for (; i < count; i++) {
            out[i] = LstmStep.score(weights, h, ids[i]);
        }
    }
}
