package io.profilestream.ml;

import java.util.List;

/**
 * Quick next-click Recall@K / MRR@K of a {@link NextItemModel} (every position of every session,
 * full ranking, half ties), used for the training progress metric. The evaluator of the trainer
 * module is the reference for reported numbers; this one advances the state once per click, so it
 * is O(clicks) instead of O(clicks²).
 *
 * @param recall      share of targets ranked within K
 * @param mrr         mean of 1/rank within K, else 0
 * @param predictions number of targets
 */
public record NextClickMetrics(double recall, double mrr, long predictions) {

    /** Evaluates at most {@code maxPredictions} targets of {@code sessions} (vocabulary indexes). */
    public static NextClickMetrics evaluate(NextItemModel model, List<int[]> sessions, int k, long maxPredictions) {
        float[] scores = new float[model.vocabulary().size()];
        long n = 0;
        double hits = 0;
        double rr = 0;
        outer:
        for (int[] session : sessions) {
            NextItemModel.State s = model.initialState();
            for (int i = 0; i + 1 < session.length; i++) {
                if (n >= maxPredictions) {
                    break outer;
                }
                s = model.step(s, session[i]);
                model.scores(s, session, i + 1, scores);
                double rank = rank(scores, session[i + 1]);
                n++;
                if (rank <= k) {
                    hits++;
                    rr += 1.0 / rank;
                }
            }
        }
        return n == 0 ? new NextClickMetrics(Double.NaN, Double.NaN, 0) : new NextClickMetrics(hits / n, rr / n, n);
    }

    /** 1 + (items scored strictly higher) + half of (other items scored equal). */
    public static double rank(float[] scores, int target) {
        float t = scores[target];
        long higher = 0;
        long equal = 0;
        for (float v : scores) {
            if (v > t) {
                higher++;
            } else if (v == t) {
                equal++;
            }
        }
        return 1 + higher + (equal - 1) / 2.0;
    }
}
