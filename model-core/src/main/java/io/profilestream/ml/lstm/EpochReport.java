package io.profilestream.ml.lstm;

/**
 * Progress after one training epoch.
 *
 * @param epoch                 1-based
 * @param loss                  mean sampled cross-entropy over the epoch's batches
 * @param validationRecall20    Recall@20 on the validation slice (NaN without validation data)
 * @param validationMrr20       MRR@20 on the validation slice (NaN without validation data)
 * @param predictions           next-item targets trained on in this epoch
 * @param trainSeconds          wall time of the epoch's training (validation excluded)
 */
public record EpochReport(int epoch, double loss, double validationRecall20, double validationMrr20,
                          long predictions, double trainSeconds) {

    /** Next-item predictions trained per second. */
    public double predictionsPerSecond() {
        return trainSeconds > 0 ? predictions / trainSeconds : 0;
    }
}
