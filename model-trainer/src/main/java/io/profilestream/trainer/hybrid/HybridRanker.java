package io.profilestream.trainer.hybrid;

import io.profilestream.ml.SessionScorer;
import io.profilestream.ml.ranker.MlpRanker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * LSTM+MLP: the candidates (LSTM top-N ∪ V-SKNN top-N) ranked by the MLP ranker; every other item
 * scores -∞, so it ranks below all candidates (the evaluator's half-tie rule places a target there
 * in the middle of the rest). Not thread-safe (the kNN signals reuse buffers).
 */
public final class HybridRanker implements SessionScorer {

    /** Name in result tables. */
    public static final String NAME = "LSTM+MLP";

    private final Signals signals;
    private final HybridFeatures features;
    private final MlpRanker ranker;

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

    @Override
    public void score(int[] prefix, int length, float[] out) {
        PrefixSignals s = signals.compute(prefix, length);
        int[] candidates = s.candidates();
        List<float[]> vectors = new ArrayList<>(candidates.length);
        for (int c : candidates) {
            vectors.add(features.vector(s, c, signals.logPopularity(), signals.categories(), signals.topN()));
        }
        float[] scores = ranker.score(vectors);
        Arrays.fill(out, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < candidates.length; i++) {
            out[candidates[i]] = scores[i];
        }
    }
}
