package io.profilestream.ml.lstm;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Draws a mini-batch's shared negatives with replacement from popularity^alpha (popularity = how
 * often an item is a training target, plus one) and knows each item's expected count in such a
 * draw, for the logQ correction of the sampled softmax.
 */
final class NegativeSampler {

    private final double[] cumulative;
    private final double[] probability;

    NegativeSampler(List<Sequence> sequences, int items, double alpha) {
        double[] count = new double[items];
        for (Sequence s : sequences) {
            for (int t : s.targets) {
                count[t]++;
            }
        }
        cumulative = new double[items];
        probability = new double[items];
        double sum = 0;
        for (int i = 0; i < items; i++) {
            probability[i] = Math.pow(count[i] + 1, alpha);
            sum += probability[i];
            cumulative[i] = sum;
        }
        for (int i = 0; i < items; i++) {
            probability[i] /= sum;
        }
    }

    int items() {
        return cumulative.length;
    }

    /** {@code k} draws; when {@code k} reaches the vocabulary size, every item once (full softmax). */
    int[] sample(int k, Random random) {
        if (k >= cumulative.length) {
            int[] all = new int[cumulative.length];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int[] out = new int[k];
        double total = cumulative[cumulative.length - 1];
        for (int i = 0; i < k; i++) {
            int idx = Arrays.binarySearch(cumulative, random.nextDouble() * total);
            out[i] = Math.min(cumulative.length - 1, idx >= 0 ? idx : -idx - 1);
        }
        return out;
    }

    /** log of the expected number of times {@code item} appears in {@code k} draws (0 for a full softmax). */
    float logExpectedCount(int item, int k) {
        return k >= cumulative.length ? 0f : (float) Math.log(k * probability[item]);
    }
}
