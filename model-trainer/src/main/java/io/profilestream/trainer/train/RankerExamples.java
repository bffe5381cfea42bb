package io.profilestream.trainer.train;

import io.profilestream.ml.NextItemModel;
import io.profilestream.ml.hybrid.HybridFeatures;
import io.profilestream.ml.hybrid.PrefixSignals;
import io.profilestream.ml.hybrid.Signals;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Labelled ranker examples from validation sessions: for each position, the candidate set of the
 * prefix; the true next click is the positive (label 1), up to {@code negatives} other candidates,
 * drawn with the seed, are negatives (label 0). Positions whose target is outside the candidate set
 * are skipped: the ranker never sees such a target at serving time either.
 *
 * @param features      feature vectors
 * @param labels        1 for the next click, else 0
 * @param positions     positions visited
 * @param covered       positions whose target was in the candidate set (= positions with examples)
 */
public record RankerExamples(List<float[]> features, List<Float> labels, long positions, long covered) {

    /** Share of visited positions whose target was a candidate. */
    public double candidateRecall() {
        return positions == 0 ? Double.NaN : covered / (double) positions;
    }

    /**
     * @param sessions     validation sessions (vocabulary indexes), time-ordered
     * @param maxPositions stop after this many positions (0 = all)
     */
    public static RankerExamples build(Signals signals, HybridFeatures featureSet, List<int[]> sessions, int negatives,
                                       long maxPositions, long seed) {
        Random random = new Random(seed);
        List<float[]> features = new ArrayList<>();
        List<Float> labels = new ArrayList<>();
        long positions = 0;
        long covered = 0;
        NextItemModel lstm = signals.lstm();
        outer:
        for (int[] session : sessions) {
            NextItemModel.State state = lstm.initialState();
            for (int i = 1; i < session.length; i++) {
                if (maxPositions > 0 && positions >= maxPositions) {
                    break outer;
                }
                state = lstm.step(state, session[i - 1]);
                PrefixSignals s = signals.compute(session, i, state);
                int target = session[i];
                int[] candidates = s.candidates();
                positions++;
                int[] others = new int[candidates.length];
                int n = 0;
                boolean hit = false;
                for (int c : candidates) {
                    if (c == target) {
                        hit = true;
                    } else {
                        others[n++] = c;
                    }
                }
                if (!hit) {
                    continue;
                }
                covered++;
                features.add(featureSet.vector(s, target, signals.logPopularity(), signals.categories(), signals.topN()));
                labels.add(1f);
                // Partial Fisher-Yates: the first k of 'others' become a uniform sample without replacement.
                int k = Math.min(negatives, n);
                for (int j = 0; j < k; j++) {
                    int r = j + random.nextInt(n - j);
                    int tmp = others[j];
                    others[j] = others[r];
                    others[r] = tmp;
                    features.add(featureSet.vector(s, others[j], signals.logPopularity(), signals.categories(), signals.topN()));
                    labels.add(0f);
                }
            }
        }
        return new RankerExamples(features, labels, positions, covered);
    }
}
