package io.profilestream.trainer.hybrid;

import io.profilestream.ml.NextItemModel;
import io.profilestream.ml.SessionScorer;
import io.profilestream.trainer.baselines.ItemKnn;
import io.profilestream.trainer.baselines.VSkNN;
import io.profilestream.trainer.eval.TrainingData;

/**
 * The scorers whose outputs feed the ranker, over one training set: the LSTM, V-SKNN and item-kNN
 * (both fitted on {@code training}), plus popularity and categories of {@code training}.
 * Not thread-safe (the kNN scorers reuse buffers).
 */
public final class Signals {

    private final NextItemModel lstm;
    private final SessionScorer vsknn;
    private final SessionScorer iknn;
    private final int topN;
    private final float[] logPopularity;
    private final String[] categories;

    /**
     * @param lstm     the next-item LSTM (its vocabulary must be {@code training}'s)
     * @param training sessions the kNN signals and popularity come from
     * @param topN     length of each top list in the candidate set
     */
    public Signals(NextItemModel lstm, TrainingData training, int topN, ItemKnn.Settings itemKnn, VSkNN.Settings vsknn) {
        if (lstm.vocabulary().size() != training.vocabulary().size()) {
            throw new IllegalArgumentException("LSTM scores " + lstm.vocabulary().size() + " items but the training data has "
                    + training.vocabulary().size());
        }
        if (topN < 1) {
            throw new IllegalArgumentException("the candidate top-N must be >= 1, was " + topN);
        }
        this.lstm = lstm;
        this.vsknn = new VSkNN(training, vsknn);
        this.iknn = new ItemKnn(training, itemKnn);
        this.topN = topN;
        int v = training.vocabulary().size();
        float[] counts = new float[v];
        for (int s = 0; s < training.sessionCount(); s++) {
            for (int item : training.session(s)) {
                counts[item]++;
            }
        }
        logPopularity = new float[v];
        categories = new String[v];
        for (int i = 0; i < v; i++) {
            logPopularity[i] = (float) Math.log1p(counts[i]);
            categories[i] = training.category(i);
        }
    }

    /** The LSTM alone. */
    public NextItemModel lstm() {
        return lstm;
    }

    /** ln(1 + training clicks) per item. */
    public float[] logPopularity() {
        return logPopularity;
    }

    /** Category per item, "" when unknown. */
    public String[] categories() {
        return categories;
    }

    /** Length of each top list. */
    public int topN() {
        return topN;
    }

    /** Scores {@code prefix[0..length)} with every signal (the LSTM replays the prefix). */
    public PrefixSignals compute(int[] prefix, int length) {
        int v = logPopularity.length;
        float[] l = new float[v];
        lstm.score(prefix, length, l);
        return finish(prefix, length, l);
    }

    /** As {@link #compute} when the LSTM state after the prefix is already known (training: one step per click). */
    public PrefixSignals compute(int[] prefix, int length, NextItemModel.State lstmState) {
        float[] l = new float[logPopularity.length];
        lstm.scores(lstmState, l);
        return finish(prefix, length, l);
    }

    private PrefixSignals finish(int[] prefix, int length, float[] l) {
        int v = logPopularity.length;
        float[] k = new float[v];
        vsknn.score(prefix, length, k);
        float[] i = new float[v];
        iknn.score(prefix, length, i);
        return new PrefixSignals(prefix, length, l, TopN.of(l, topN, false), k, TopN.of(k, topN, true), i);
    }
}
