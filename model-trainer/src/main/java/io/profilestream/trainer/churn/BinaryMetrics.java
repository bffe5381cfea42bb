package io.profilestream.trainer.churn;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Ranking metrics of a binary classifier's scores, with ties handled so that the order of tied
 * rows cannot change a result (the recency baseline has many ties: users last seen in the same
 * second, and every user of a cut-off sample who was last seen at the same event time).
 */
public final class BinaryMetrics {

    private BinaryMetrics() {
    }

    /**
     * ROC-AUC: the probability that a random positive scores above a random negative, a tie
     * counting one half (Mann-Whitney U with mid-ranks).
     *
     * @param scores   higher means "more likely positive"
     * @param positive the true label per score
     * @throws IllegalArgumentException when the lengths differ or either class is missing (undefined)
     */
    public static double rocAuc(double[] scores, boolean[] positive) {
        Integer[] order = sortedAscending(scores, positive);
        long positives = countPositives(positive);
        long negatives = positive.length - positives;
        double positiveRankSum = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            // Ranks i+1 .. j+1 share their mean.
            double midRank = (i + 1 + j + 1) / 2.0;
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    positiveRankSum += midRank;
                }
            }
            i = j + 1;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /**
     * Average precision (PR-AUC as scikit-learn's {@code average_precision_score} computes it):
     * {@code Σ (R_t − R_{t−1}) · P_t} over the distinct score thresholds t from high to low, so
     * tied rows enter together and precision is never interpolated.
     *
     * @throws IllegalArgumentException when the lengths differ or either class is missing
     */
    public static double averagePrecision(double[] scores, boolean[] positive) {
        Integer[] order = sortedAscending(scores, positive);
        long positives = countPositives(positive);
        long truePositives = 0;
        long selected = 0;
        double ap = 0;
        int i = order.length - 1;
        while (i >= 0) {
            int j = i;
            long groupPositives = 0;
            while (j >= 0 && scores[order[j]] == scores[order[i]]) {
                groupPositives += positive[order[j]] ? 1 : 0;
                j--;
            }
            selected += i - j;
            truePositives += groupPositives;
            ap += (double) groupPositives / positives * ((double) truePositives / selected);
            i = j;
        }
        return ap;
    }

    private static Integer[] sortedAscending(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + positive.length + " labels");
        }
        long positives = countPositives(positive);
        if (positives == 0 || positives == positive.length) {
            throw new IllegalArgumentException("ranking metrics need both classes; got " + positives + " positives of "
                    + positive.length);
        }
        for (double s : scores) {
            if (Double.isNaN(s)) {
                throw new IllegalArgumentException("a score is NaN");
            }
        }
        Integer[] order = new Integer[scores.length];
        Arrays.setAll(order, k -> k);
        Arrays.sort(order, Comparator.comparingDouble(k -> scores[k]));
        return order;
    }

    private static long countPositives(boolean[] positive) {
        long n = 0;
        for (boolean p : positive) {
            n += p ? 1 : 0;
        }
        return n;
    }
}
