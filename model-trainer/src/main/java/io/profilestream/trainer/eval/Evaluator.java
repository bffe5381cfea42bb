package io.profilestream.trainer.eval;

import io.profilestream.ml.SessionScorer;
import java.io.IOException;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The next-click protocol: for every test session and every position i = 1..n-1 the scorer sees
 * clicks 1..i and ranks all training items; the target is click i+1, repeats included.
 */
public final class Evaluator {

    /** Cutoffs reported by default. */
    public static final int[] DEFAULT_CUTOFFS = {5, 10, 20};
    /** Length of the top list handed to a {@link PredictionSink}. */
    public static final int TOP_N = 20;

    private final int[] cutoffs;

    /** @param cutoffs the K values of Recall@K, MRR@K, NDCG@K */
    public Evaluator(int... cutoffs) {
        this.cutoffs = cutoffs.clone();
    }

    /**
     * Evaluates one scorer.
     *
     * @param vocabularySize number of items the scorer scores
     * @param sink           receives every prediction's top {@link #TOP_N}, or null (then no top list is computed)
     * @param progress       called with 1 after each session, or null
     */
    public Metrics evaluate(SessionScorer scorer, List<TestSession> sessions, int vocabularySize, PredictionSink sink,
                            IntConsumer progress) throws IOException {
        Metrics metrics = new Metrics(cutoffs);
        float[] scores = new float[vocabularySize];
        int[] top = new int[TOP_N];
        for (TestSession session : sessions) {
            int[] items = session.items();
            for (int i = 1; i < items.length; i++) {
                scorer.score(items, i, scores);
                int target = items[i];
                double rank;
                try {
                    rank = Ranking.rank(scores, target);
                } catch (IllegalStateException e) {
                    throw new IllegalStateException(scorer.name() + " scored NaN for the target of session "
                            + session.id() + " position " + i);
                }
                metrics.add(rank);
                if (sink != null) {
                    int count = Ranking.top(scores, top);
                    sink.accept(session.id(), i, target, top, count);
                }
            }
            metrics.endSession();
            if (progress != null) {
                progress.accept(1);
            }
        }
        return metrics;
    }
}
