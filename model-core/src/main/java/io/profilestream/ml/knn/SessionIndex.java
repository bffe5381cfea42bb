package io.profilestream.ml.knn;

import java.util.Arrays;

/**
 * Training sessions for neighbourhood methods: each session's distinct items, and the inverted
 * index item → sessions containing it. Session numbers are {@link TrainingSessions}' recency
 * numbers, so a higher number is a more recent session and every posting list is sorted oldest
 * first. Immutable: one index can serve V-SKNN and item-kNN on any number of threads.
 */
public final class SessionIndex {

    private final int[][] sessionItems;
    private final int[][] postings;

    /** Indexes {@code sessions}. */
    public SessionIndex(TrainingSessions sessions) {
        int n = sessions.size();
        int items = sessions.itemCount();
        sessionItems = new int[n][];
        int[] support = new int[items];
        int[] seen = new int[items];
        Arrays.fill(seen, -1);
        for (int s = 0; s < n; s++) {
            int[] clicks = sessions.session(s);
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

    /** Number of sessions. */
    public int sessionCount() {
        return sessionItems.length;
    }

    /** Vocabulary size. */
    public int itemCount() {
        return postings.length;
    }

    /** Distinct items of session {@code s} (recency numbering), in first-click order; do not modify. */
    public int[] items(int s) {
        return sessionItems[s];
    }

    /** Sessions containing {@code item}, oldest first; do not modify. */
    public int[] sessionsWith(int item) {
        return postings[item];
    }
}
