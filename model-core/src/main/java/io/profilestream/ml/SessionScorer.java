package io.profilestream.ml;

/**
 * Anything that predicts a session's next click: baselines and trained models alike, so one
 * evaluator measures all of them the same way.
 */
public interface SessionScorer {

    /** Short name used in result tables, e.g. {@code V-SKNN} or {@code LSTM}. */
    String name();

    /**
     * Scores every vocabulary item as the click following {@code prefix[0..length)}.
     *
     * @param prefix vocabulary indexes of the clicks so far, oldest first
     * @param length how many entries of {@code prefix} are the session so far (at least 1)
     * @param out    receives one score per vocabulary item (higher is better); its length is
     *               the vocabulary size. Items that must never be ranked above others may get
     *               {@code Float.NEGATIVE_INFINITY}.
     */
    void score(int[] prefix, int length, float[] out);

    /** {@code scorer} under another name (e.g. to tell two models' rows apart in one table). */
    static SessionScorer named(String name, SessionScorer scorer) {
        return new SessionScorer() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void score(int[] prefix, int length, float[] out) {
                scorer.score(prefix, length, out);
            }
        };
    }
}
