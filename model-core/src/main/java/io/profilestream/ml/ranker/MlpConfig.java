package io.profilestream.ml.ranker;

/**
 * MLP ranker hyper-parameters: features → hidden1 → hidden2 → 1 (sigmoid, log-loss).
 *
 * @param hidden1      first hidden layer (ReLU)
 * @param hidden2      second hidden layer (ReLU)
 * @param epochs       passes over the examples
 * @param batchSize    examples per mini-batch
 * @param learningRate Adam learning rate
 */
public record MlpConfig(int hidden1, int hidden2, int epochs, int batchSize, double learningRate) {

    /** Rejects non-positive sizes up front. */
    public MlpConfig {
        if (hidden1 <= 0 || hidden2 <= 0 || epochs <= 0 || batchSize <= 0 || !(learningRate > 0)) {
            throw new IllegalArgumentException("MLP sizes, epochs, batch size and learning rate must be > 0: "
                    + hidden1 + "/" + hidden2 + "/" + epochs + "/" + batchSize + "/" + learningRate);
        }
    }

    /** 32 → 16, 20 epochs, batch 256, lr 0.01. */
    public static MlpConfig defaults() {
        return new MlpConfig(32, 16, 20, 256, 0.01);
    }
}
