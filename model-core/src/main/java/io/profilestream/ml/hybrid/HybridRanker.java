package io.profilestream.ml.hybrid;

import io.profilestream.ml.SessionScorer;
import io.profilestream.ml.ranker.MlpRanker;

import java.util.Arrays;
import java.util.List;

/**
 * LSTM+MLP: the candidates (LSTM top-N ∪ V-SKNN top-N) ranked by the MLP ranker. As a
 * {@link SessionScorer} (offline evaluation) every other item scores -∞, so it ranks below all
 * candidates (the evaluator's half-tie rule places a target there in the middle of the rest).
 * {@link #rank} is the step the online model shares. Thread-safe.
 */
public final class HybridRanker implements SessionScorer {

    /** Name in result tables. */
    public static final String NAME = "LSTM+MLP";

    private final Signals signals;
    private final HybridFeatures features;
    private final MlpRanker ranker;

    /**
     * The candidates of one prefix with their feature vectors and MLP scores, in candidate order.
     *
     * @param candidates vocabulary indexes
     * @param features   one feature vector per candidate
     * @param scores     the MLP's score per candidate
     */
    public record Ranking(int[] candidates, List<float[]> features, float[] scores) {
    }

    /** @throws IllegalArgumentException when the ranker's input size differs from the feature count */
    public HybridRanker(Signals signals, HybridFeatures features, MlpRanker ranker) {
        if (ranker.featureCount() != features.names().size()) {
            throw new IllegalArgumentException("ranker expects " + ranker.featureCount() + " features, the feature set has "
                    + features.names().size());
        }
        this.signals = signals;
        this.features = features;
        this.ranker = ranker;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The signals the features come from. */
    public Signals signals() {
        return signals;
    }

    /** The feature set, in the ranker's input order. */
    public HybridFeatures features() {
        return features;
    }

    @Override
    public void score(int[] prefix, int length, float[] out) {
        Ranking r = rank(signals.compute(prefix, length));
        Arrays.fill(out, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < r.candidates().length; i++) {
            out[r.candidates()[i]] = r.scores()[i];
        }
    }

    /** Features and MLP scores of the prefix's candidates ({@link PrefixSignals#candidates()}), in one forward pass. */
    public Ranking rank(PrefixSignals s) {
        return rank(s, s.candidates());
    }

    /** Features and MLP scores of the given candidates after the prefix, in one forward pass. */
    public Ranking rank(PrefixSignals s, int[] candidates) {
        List<float[]> vectors = features.vectors(s, candidates, signals.logPopularity(), signals.categories(), signals.topN());
        return new Ranking(candidates, vectors, ranker.score(vectors));
    }
}
