package io.profilestream.trainer.hybrid;

/**
 * What the signals say about one session prefix: full score arrays (vocabulary-indexed) and the
 * top lists the candidate set is built from.
 *
 * @param prefix   vocabulary indexes of the clicks so far (entries beyond {@code length} are ignored)
 * @param length   clicks in the prefix
 * @param lstm     LSTM score of every item
 * @param lstmTop  the LSTM's top-N, best first
 * @param vsknn    V-SKNN score of every item
 * @param vsknnTop V-SKNN's top-N among items with a positive score, best first
 * @param iknn     item-kNN score of every item
 */
public record PrefixSignals(int[] prefix, int length, float[] lstm, int[] lstmTop, float[] vsknn, int[] vsknnTop,
                            float[] iknn) {

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

    static int indexOf(int[] list, int item) {
        for (int i = 0; i < list.length; i++) {
            if (list[i] == item) {
                return i;
            }
        }
        return -1;
    }
}
