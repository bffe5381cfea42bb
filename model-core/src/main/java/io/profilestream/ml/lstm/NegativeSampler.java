package io.profilestream.ml.lstm;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Builds a batch's candidate set: its distinct targets plus items sampled by popularity^alpha. */
final class NegativeSampler {

    private final double[] cumulative;

    NegativeSampler(List<Sequence> sequences, int items, double alpha) {
        double[] count = new double[items];
        for (Sequence s : sequences) {
            for (int t : s.targets) {
                count[t]++;
            }
        }
        cumulative = new double[items];
        double sum = 0;
        for (int i = 0; i < items; i++) {
            sum += Math.pow(count[i] + 1, alpha);
            cumulative[i] = sum;
        }
    }

    int[] candidates(int[] targets, float[] weight, int negatives, Random random) {
        Set<Integer> set = new LinkedHashSet<>();
        for (int i = 0; i < targets.length; i++) {
            if (weight[i] > 0) {
                set.add(targets[i]);
            }
        }
        int wanted = Math.min(cumulative.length, set.size() + negatives);
        double total = cumulative[cumulative.length - 1];
        for (int attempts = 0; set.size() < wanted && attempts < negatives * 4; attempts++) {
            int idx = Arrays.binarySearch(cumulative, random.nextDouble() * total);
            set.add(idx >= 0 ? idx : -idx - 1);
        }
        return set.stream().mapToInt(Integer::intValue).toArray();
    }
}
