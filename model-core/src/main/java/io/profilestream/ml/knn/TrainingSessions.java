package io.profilestream.ml.knn;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The training sessions a neighbourhood method searches, as vocabulary indexes, ordered by
 * recency: session 0 is the one whose last click is oldest. The order is part of the model
 * (V-SKNN samples the most recent candidate sessions and breaks similarity ties by recency), so
 * it is fixed once here and stored as is in a model artifact.
 */
public final class TrainingSessions {

    private final int items;
    private final int[][] sessions;

    private TrainingSessions(int items, int[][] sessions) {
        this.items = items;
        this.sessions = sessions;
    }

    /**
     * Sessions already in recency order (oldest first).
     *
     * @param items    vocabulary size
     * @param sessions clicks of each session, oldest session first (arrays are not copied)
     * @throws IllegalArgumentException on an empty session or an index outside the vocabulary
     */
    public static TrainingSessions ordered(int items, int[][] sessions) {
        for (int s = 0; s < sessions.length; s++) {
            if (sessions[s].length == 0) {
                throw new IllegalArgumentException("session " + s + " has no click");
            }
            for (int item : sessions[s]) {
                if (item < 0 || item >= items) {
                    throw new IllegalArgumentException("session " + s + " has item index " + item
                            + " outside the vocabulary of " + items);
                }
            }
        }
        return new TrainingSessions(items, sessions);
    }

    /**
     * Sessions in any order, put into recency order by the time of their last click; equal times
     * keep the given order.
     *
     * @param endMs time of each session's last click
     */
    public static TrainingSessions byEndTime(int items, int[][] sessions, long[] endMs) {
        if (endMs.length != sessions.length) {
            throw new IllegalArgumentException(sessions.length + " sessions but " + endMs.length + " end times");
        }
        Integer[] order = IntStream.range(0, sessions.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingLong(s -> endMs[s])); // stable
        int[][] sorted = new int[sessions.length][];
        for (int i = 0; i < order.length; i++) {
            sorted[i] = sessions[order[i]];
        }
        return ordered(items, sorted);
    }

    /** Vocabulary size. */
    public int itemCount() {
        return items;
    }

    /** Number of sessions. */
    public int size() {
        return sessions.length;
    }

    /** Clicks of session {@code s} (recency numbering), in time order; do not modify. */
    public int[] session(int s) {
        return sessions[s];
    }

    /** Total number of clicks. */
    public long clicks() {
        long n = 0;
        for (int[] s : sessions) {
            n += s.length;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingSessions t && t.items == items && Arrays.deepEquals(t.sessions, sessions);
    }

    @Override
    public int hashCode() {
        return 31 * items + Arrays.deepHashCode(sessions);
    }
}
