package io.profilestream.trainer.eval;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recall@K, MRR@K and NDCG@K accumulated over predictions, with one relevant item per
 * prediction: a hit is rank ≤ K, reciprocal rank 1/rank, DCG 1/log2(rank + 1) (the ideal DCG is 1).
 *
 * <p>The sums are also kept per test session ({@link #endSession()}), because the positions of one
 * session are not independent draws: a confidence interval has to resample whole sessions
 * ({@link PairedBootstrap}).
 */
public final class Metrics {

    private final int[] cutoffs;
    private final double[] hits;
    private final double[] reciprocal;
    private final double[] dcg;
    private long predictions;
    private int currentPredictions;
    private final double[] currentHits;
    private final double[] currentReciprocal;
    private int sessions;
    private int[] sessionPredictions = new int[64];
    private double[][] sessionHits;
    private double[][] sessionReciprocal;

    /** @param cutoffs the K values, e.g. 5, 10, 20 */
    public Metrics(int... cutoffs) {
        this.cutoffs = cutoffs.clone();
        this.hits = new double[cutoffs.length];
        this.reciprocal = new double[cutoffs.length];
        this.dcg = new double[cutoffs.length];
        this.currentHits = new double[cutoffs.length];
        this.currentReciprocal = new double[cutoffs.length];
        this.sessionHits = new double[cutoffs.length][64];
        this.sessionReciprocal = new double[cutoffs.length][64];
    }

    /** Adds one prediction whose target got {@code rank} (1 = best; may be fractional with ties). */
    public void add(double rank) {
        predictions++;
        currentPredictions++;
        for (int c = 0; c < cutoffs.length; c++) {
            if (rank <= cutoffs[c]) {
                hits[c]++;
                reciprocal[c] += 1 / rank;
                dcg[c] += 1 / (Math.log(rank + 1) / Math.log(2));
                currentHits[c]++;
                currentReciprocal[c] += 1 / rank;
            }
        }
    }

    /**
     * Closes the current test session: the predictions added since the previous call (or the
     * start) become one session of {@link #sessionPredictions()}. A session without predictions
     * is recorded too, with zeros, so two scorers evaluated on the same sessions stay aligned.
     */
    public void endSession() {
        if (sessions == sessionPredictions.length) {
            int grown = sessions * 2;
            sessionPredictions = Arrays.copyOf(sessionPredictions, grown);
            for (int c = 0; c < cutoffs.length; c++) {
                sessionHits[c] = Arrays.copyOf(sessionHits[c], grown);
                sessionReciprocal[c] = Arrays.copyOf(sessionReciprocal[c], grown);
            }
        }
        sessionPredictions[sessions] = currentPredictions;
        for (int c = 0; c < cutoffs.length; c++) {
            sessionHits[c][sessions] = currentHits[c];
            sessionReciprocal[c][sessions] = currentReciprocal[c];
        }
        sessions++;
        currentPredictions = 0;
        Arrays.fill(currentHits, 0);
        Arrays.fill(currentReciprocal, 0);
    }

    /** Predictions per closed session, in the order the sessions were closed. */
    public int[] sessionPredictions() {
        return Arrays.copyOf(sessionPredictions, sessions);
    }

    /** Hits within {@code k} per closed session (aligned with {@link #sessionPredictions()}). */
    public double[] sessionHits(int k) {
        return Arrays.copyOf(sessionHits[cutoff(k)], sessions);
    }

    /** Sum of reciprocal ranks within {@code k} per closed session (aligned with {@link #sessionPredictions()}). */
    public double[] sessionReciprocalRanks(int k) {
        return Arrays.copyOf(sessionReciprocal[cutoff(k)], sessions);
    }

    /** Number of predictions added. */
    public long predictions() {
        return predictions;
    }

    /** Share of targets ranked within {@code k}. */
    public double recall(int k) {
        return mean(hits, k);
    }

    /** Mean reciprocal rank, 0 beyond {@code k}. */
    public double mrr(int k) {
        return mean(reciprocal, k);
    }

    /** Mean NDCG at {@code k}. */
    public double ndcg(int k) {
        return mean(dcg, k);
    }

    /** The cutoffs, in the order given. */
    public int[] cutoffs() {
        return cutoffs.clone();
    }

    /** {@code Recall@K}, {@code MRR@K}, {@code NDCG@K} for every K, in that order. */
    public Map<String, Double> asMap() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String metric : new String[] {"Recall", "MRR", "NDCG"}) {
            for (int k : cutoffs) {
                out.put(metric + "@" + k, switch (metric) {
                    case "Recall" -> recall(k);
                    case "MRR" -> mrr(k);
                    default -> ndcg(k);
                });
            }
        }
        return out;
    }

    private double mean(double[] sums, int k) {
        return predictions == 0 ? 0 : sums[cutoff(k)] / predictions;
    }

    private int cutoff(int k) {
        for (int c = 0; c < cutoffs.length; c++) {
            if (cutoffs[c] == k) {
                return c;
            }
        }
        throw new IllegalArgumentException("no cutoff " + k + " in " + Arrays.toString(cutoffs));
    }
}
