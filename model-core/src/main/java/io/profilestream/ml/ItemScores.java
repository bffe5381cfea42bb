package io.profilestream.ml;

/**
 * A score per vocabulary item, read one item at a time: a dense array offline, a sparse map or an
 * on-demand dot product online, so the ranker's features read every signal the same way.
 */
@FunctionalInterface
public interface ItemScores {

    /** Score of vocabulary item {@code item} (0 when the signal has no evidence for it). */
    float get(int item);

    /** A view of a dense vocabulary-indexed array (not copied). */
    static ItemScores of(float[] dense) {
        return item -> dense[item];
    }
}
