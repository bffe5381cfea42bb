package io.profilestream.ml.hybrid;

import io.profilestream.ml.ItemScores;

/**
 * What the signals say about one session prefix: a score per item for each signal and the top
 * lists the candidate set is built from. Offline the scores are dense arrays; online they are the
 * kNN neighbours' items and LSTM dot products computed on demand; the features read both alike.
 *
 * @param prefix   vocabulary indexes of the clicks so far (entries beyond {@code length} are ignored)
 * @param length   clicks in the prefix (at least 1)
 * @param lstm     LSTM score of every item
 * @param lstmTop  the LSTM's top-N, best first
 * @param vsknn    V-SKNN score of every item
 * @param vsknnTop V-SKNN's top-N among items with a positive score, best first
 * @param iknn     item-kNN score of every item
 */
public record PrefixSignals(int[] prefix, int length, ItemScores lstm, int[] lstmTop, ItemScores vsknn,
                            int[] vsknnTop, ItemScores iknn) {

    /** From dense vocabulary-indexed score arrays (not copied). */
    public PrefixSignals(int[] prefix, int length, float[] lstm, int[] lstmTop, float[] vsknn, int[] vsknnTop,
                         float[] iknn) {
        this(prefix, length, ItemScores.of(lstm), lstmTop, ItemScores.of(vsknn), vsknnTop, ItemScores.of(iknn));
    }

    /** Candidates: the LSTM's top-N, then V-SKNN's top-N items not already in it. */
    public int[] candidates() {
        int[] out = new int[lstmTop.length + vsknnTop.length];
        int n = 0;
        for (int item : lstmTop) {
            out[n++] = item;
        }
        for (int item : vsknnTop) {
            if (indexOf(lstmTop, item) < 0) {
                out[n++] = item;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** Position of {@code item} in {@code list}, -1 when absent. */
    public static int indexOf(int[] list, int item) {
        for (int i = 0; i < list.length; i++) {
            if (list[i] == item) {
                return i;
            }
        }
        return -1;
    }
}
