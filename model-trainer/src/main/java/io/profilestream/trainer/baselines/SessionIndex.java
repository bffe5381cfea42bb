package io.profilestream.trainer.baselines;

import io.profilestream.trainer.eval.TrainingData;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Training sessions for neighbourhood methods: each session's distinct items, and the inverted
 * index item → sessions containing it. Sessions are renumbered by recency (time of their last
 * click, ties in file order), so a higher session number is a more recent session and every
 * posting list is sorted oldest first.
 */
final class SessionIndex {

    private final int[][] sessionItems;
    private final int[][] postings;

    SessionIndex(TrainingData training) {
        int n = training.sessionCount();
        Integer[] byRecency = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(byRecency, Comparator.comparingLong(training::sessionEndMs)); // stable
        int items = training.vocabulary().size();
        sessionItems = new int[n][];
        int[] support = new int[items];
        int[] seen = new int[items];
        Arrays.fill(seen, -1);
        for (int s = 0; s < n; s++) {
            int[] clicks = training.session(byRecency[s]);
            int[] distinct = new int[clicks.length];
            int d = 0;
            for (int item : clicks) {
                if (seen[item] != s) {
                    seen[item] = s;
                    distinct[d++] = item;
                    support[item]++;
                }
            }
            sessionItems[s] = Arrays.copyOf(distinct, d);
        }
        postings = new int[items][];
        for (int i = 0; i < items; i++) {
            postings[i] = new int[support[i]];
        }
        int[] fill = new int[items];
        for (int s = 0; s < n; s++) {
            for (int item : sessionItems[s]) {
                postings[item][fill[item]++] = s;
            }
        }
    }

    int sessionCount() {
        return sessionItems.length;
    }

    int itemCount() {
        return postings.length;
    }

    /** Distinct items of session {@code s} (recency numbering), in first-click order. */
    int[] items(int s) {
        return sessionItems[s];
    }

    /** Sessions containing {@code item}, oldest first. */
    int[] sessionsWith(int item) {
        return postings[item];
    }
}
