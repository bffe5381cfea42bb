package io.profilestream.ml.hybrid;

import io.profilestream.ml.ItemScores;
import io.profilestream.ml.ItemStats;
import io.profilestream.ml.NextItemModel;
import io.profilestream.ml.knn.ItemKnn;
import io.profilestream.ml.knn.SessionIndex;
import io.profilestream.ml.knn.SparseScores;
import io.profilestream.ml.knn.TrainingSessions;
import io.profilestream.ml.knn.VSkNN;

/**
 * The signals whose outputs feed the ranker, over one set of training sessions: the LSTM, V-SKNN
 * and item-kNN (one shared session index), plus the items' popularity and categories. The kNN
 * part is the same object offline (evaluation, ranker training) and online (serving), so both
 * compute the same features. Thread-safe.
 */
public final class Signals {

    private final NextItemModel lstm;
    private final ItemStats items;
    private final HybridSettings settings;
    private final VSkNN vsknn;
    private final ItemKnn iknn;

    /**
     * @param lstm     the next-item LSTM
     * @param items    popularity and category per vocabulary item
     * @param sessions training sessions the kNN signals search
     * @param settings candidate top-N and kNN settings
     * @throws IllegalArgumentException when the three do not cover the same vocabulary
     */
    public Signals(NextItemModel lstm, ItemStats items, TrainingSessions sessions, HybridSettings settings) {
        int v = lstm.vocabulary().size();
        if (items.size() != v || sessions.itemCount() != v) {
            throw new IllegalArgumentException("LSTM scores " + v + " items but the item statistics cover "
                    + items.size() + " and the training sessions " + sessions.itemCount());
        }
        this.lstm = lstm;
        this.items = items;
        this.settings = settings;
        SessionIndex index = new SessionIndex(sessions);
        this.vsknn = new VSkNN(index, settings.vsknn());
        this.iknn = new ItemKnn(index, settings.itemKnn());
    }

    /** The next-item LSTM (the signals use its network's scores, not its repeat head). */
    public NextItemModel lstm() {
        return lstm;
    }

    /** Popularity and category per item. */
    public ItemStats items() {
        return items;
    }

    /** ln(1 + training clicks) per item. */
    public float[] logPopularity() {
        return items.logPopularity();
    }

    /** Category per item, "" when unknown. */
    public String[] categories() {
        return items.categories();
    }

    /** Length of each top list. */
    public int topN() {
        return settings.candidates();
    }

    /** Candidate and kNN settings. */
    public HybridSettings settings() {
        return settings;
    }

    /**
     * Scores {@code prefix[0..length)} with every signal (the LSTM replays the prefix). The LSTM part
     * is the network's score of the state alone, without the model's repeat term: online the ranker
     * sees the retriever's scores of the profile vector, and it has its own session features.
     */
    public PrefixSignals compute(int[] prefix, int length) {
        NextItemModel.State state = lstm.initialState();
        for (int i = 0; i < length; i++) {
            state = lstm.step(state, prefix[i]);
        }
        return compute(prefix, length, state);
    }

    /** As {@link #compute(int[], int)} when the LSTM state after the prefix is already known (training: one step per click). */
    public PrefixSignals compute(int[] prefix, int length, NextItemModel.State lstmState) {
        float[] l = new float[items.size()];
        lstm.scores(lstmState, l);
        return compute(prefix, length, ItemScores.of(l), TopN.of(l, topN(), false));
    }

    /**
     * The signals with the LSTM part given by the caller: offline a full score array and its
     * {@link TopN}, online the retriever's top list and per-item dot products.
     *
     * @param prefix     vocabulary indexes of the clicks so far, at least one
     * @param lstmScores the LSTM score of any item
     * @param lstmTop    the LSTM's top-{@link #topN()} items, best first
     */
    public PrefixSignals compute(int[] prefix, int length, ItemScores lstmScores, int[] lstmTop) {
        if (length < 1) {
            throw new IllegalArgumentException("the signals need at least one click");
        }
        SparseScores k = vsknn.scores(prefix, length);
        SparseScores i = iknn.scores(prefix, length);
        return new PrefixSignals(prefix, length, lstmScores, lstmTop, k, k.top(topN()), i);
    }
}
