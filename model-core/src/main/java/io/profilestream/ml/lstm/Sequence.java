package io.profilestream.ml.lstm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/** A training sequence: inputs[t] is followed by targets[t]. */
final class Sequence {
    final int[] inputs;
    final int[] targets;

    private Sequence(int[] inputs, int[] targets) {
        this.inputs = inputs;
        this.targets = targets;
    }

    /** Sessions of 2+ clicks, cut into chunks of at most {@code maxLength} predictions. */
    static List<Sequence> cut(List<int[]> sessions, int maxLength, int vocabularySize) {
        List<Sequence> out = new ArrayList<>();
        for (int[] s : sessions) {
            for (int item : s) {
                if (item < 0 || item >= vocabularySize) {
                    throw new IllegalArgumentException("item index " + item + " outside vocabulary of " + vocabularySize);
                }
            }
            for (int start = 0; start + 1 < s.length; start += maxLength) {
                int end = Math.min(start + maxLength, s.length - 1);
                int[] in = new int[end - start];
                int[] tg = new int[end - start];
                for (int i = start; i < end; i++) {
                    in[i - start] = s[i];
                    tg[i - start] = s[i + 1];
                }
                out.add(new Sequence(in, tg));
            }
        }
        return out;
    }

    /**
     * Shuffled mini-batches of similar length: shuffle, sort windows of 8 batches by length, cut,
     * shuffle the batch order. Keeps padding low while every epoch sees different batches.
     */
    static List<List<Sequence>> batches(List<Sequence> all, int batchSize, Random random) {
        List<Sequence> order = new ArrayList<>(all);
        Collections.shuffle(order, random);
        int window = batchSize * 8;
        List<List<Sequence>> batches = new ArrayList<>();
        for (int w = 0; w < order.size(); w += window) {
            List<Sequence> part = new ArrayList<>(order.subList(w, Math.min(order.size(), w + window)));
            part.sort(Comparator.comparingInt(s -> s.inputs.length));
            for (int i = 0; i < part.size(); i += batchSize) {
                batches.add(part.subList(i, Math.min(part.size(), i + batchSize)));
            }
        }
        Collections.shuffle(batches, random);
        return batches;
    }
}
