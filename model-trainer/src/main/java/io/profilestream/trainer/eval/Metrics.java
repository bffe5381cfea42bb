package io.profilestream.trainer.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recall@K, MRR@K and NDCG@K accumulated over predictions, with one relevant item per
 * prediction: a hit is rank ≤ K, reciprocal rank 1/rank, DCG 1/log2(rank + 1) (the ideal DCG is 1).
 */
public final class Metrics {

    private final int[] cutoffs;
    private final double[] hits;
    private final double[] reciprocal;
    private final double[] dcg;
    private long predictions;

    /** @param cutoffs the K values, e.g. 5, 10, 20 */
    public Metrics(int... cutoffs) {
        this.cutoffs = cutoffs.clone();
        this.hits = new double[cutoffs.length];
        this.reciprocal = new double[cutoffs.length];
        this.dcg = new double[cutoffs.length];
    }

    /** Adds one prediction whose target got {@code rank} (1 = best; may be fractional with ties). */
    public void add(double rank) {
        predictions++;
        for (int c = 0; c < cutoffs.length; c++) {
            if (rank <= cutoffs[c]) {
                hits[c]++;
                reciprocal[c] += 1 / rank;
                dcg[c] += 1 / (Math.log(rank + 1) / Math.log(2));
            }
        }
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
        for (int c = 0; c < cutoffs.length; c++) {
            if (cutoffs[c] == k) {
                return predictions == 0 ? 0 : sums[c] / predictions;
            }
        }
        throw new IllegalArgumentException("no cutoff " + k + " in " + java.util.Arrays.toString(cutoffs));
    }
}
