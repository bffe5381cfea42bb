package io.profilestream.ml.lstm;

/**
 * Hyper-parameters of the next-item LSTM.
 *
 * @param embeddingSize item embedding size (shared by input and output: tied embeddings)
 * @param hiddenSize    LSTM units
 * @param epochs        passes over the training sequences
 * @param batchSize     sequences (sessions or session chunks) per mini-batch
 * @param learningRate  Adam learning rate
 * @param negatives     extra negatives per mini-batch, sampled by popularity^{@code sampleAlpha},
 *                      on top of the other targets of the batch (in-batch negatives)
 * @param sampleAlpha   popularity exponent of negative sampling (0 = uniform, 1 = popularity)
 * @param seed          seed of initialisation, shuffling, sampling and dropout
 * @param dropout       drop probability on the embeddings and the LSTM output while training
 * @param maxLength     longest unrolled sequence; longer sessions are cut into chunks
 */
public record LstmTrainingConfig(int embeddingSize, int hiddenSize, int epochs, int batchSize,
                                 double learningRate, int negatives, double sampleAlpha, long seed,
                                 double dropout, int maxLength) {

    /** Validates ranges so a bad config fails before any training starts. */
    public LstmTrainingConfig {
        positive("embeddingSize", embeddingSize);
        positive("hiddenSize", hiddenSize);
        positive("epochs", epochs);
        positive("batchSize", batchSize);
        positive("maxLength", maxLength);
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be > 0, was " + learningRate);
        }
        if (negatives < 0) {
            throw new IllegalArgumentException("negatives must be >= 0, was " + negatives);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), was " + dropout);
        }
        if (!(sampleAlpha >= 0 && sampleAlpha <= 1)) {
            throw new IllegalArgumentException("sampleAlpha must be in [0, 1], was " + sampleAlpha);
        }
    }

    private static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, was " + v);
        }
    }

    /** Starting-point defaults, NOT yet tuned (Diginetica tuning is open work). */
    public static LstmTrainingConfig defaults() {
        return new LstmTrainingConfig(100, 100, 10, 128, 0.005, 256, 0.75, 42L, 0.2, 20);
    }

    /** Copy with another number of epochs. */
    public LstmTrainingConfig withEpochs(int n) {
        return new LstmTrainingConfig(embeddingSize, hiddenSize, n, batchSize, learningRate, negatives,
                sampleAlpha, seed, dropout, maxLength);
    }
}
