package io.profilestream.ml;

/**
 * A loaded next-item model, free of any deep-learning library type, so services can run it per
 * event: {@link #step} advances one user's state by one click, {@link #scores} ranks every item
 * from a state. As a {@link SessionScorer} it replays a prefix through {@link #step}, so offline
 * evaluation and the online path compute exactly the same numbers.
 *
 * <p>Implementations are immutable and thread-safe; states are values owned by the caller.
 */
public interface NextItemModel extends SessionScorer {

    /** The items this model scores, in score-array order. */
    ItemVocabulary vocabulary();

    /** Length of {@link State#h()} and {@link State#c()}. */
    int hiddenSize();

    /** The state of a user with no events yet (all zeros). */
    State initialState();

    /**
     * One recurrent step for one event.
     *
     * @param state     the state before the event; not modified
     * @param itemIndex vocabulary index of the clicked item
     * @return the state after the event (new arrays)
     */
    State step(State state, int itemIndex);

    /** Writes the score of every vocabulary item (higher = more likely next) into {@code out}. */
    void scores(State state, float[] out);

    /**
     * The scores after a session prefix whose state is {@code state}: {@link #scores(State, float[])}
     * plus whatever the model adds for the session's own items (by default nothing; the LSTM's
     * repeat head).
     *
     * @param prefix vocabulary indexes of the session's clicks, oldest first; {@code state} is the
     *               state after {@code prefix[0..length)}
     */
    default void scores(State state, int[] prefix, int length, float[] out) {
        scores(state, out);
    }

    @Override
    default void score(int[] prefix, int length, float[] out) {
        State s = initialState();
        for (int i = 0; i < length; i++) {
            s = step(s, prefix[i]);
        }
        scores(s, prefix, length, out);
    }

    /**
     * Recurrent state of one user: hidden output {@code h} and cell {@code c}. The arrays are
     * shared, not copied: treat them as read-only.
     */
    record State(float[] h, float[] c) {
    }
}
