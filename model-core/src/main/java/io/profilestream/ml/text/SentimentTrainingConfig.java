package io.profilestream.ml.text;

/**
 * How {@link Dl4jSentimentModel} is trained.
 *
 * @param embeddingSize  size of the learned feature embeddings (the averaged text vector)
 * @param bigrams        whether adjacent token pairs are features too ("not good")
 * @param minDocuments   a feature must occur in this many training texts
 * @param maxFeatures    vocabulary bound
 * @param epochs         passes over the training texts
 * @param batchSize      texts per update
 * @param learningRate   Adam learning rate
 * @param l2             L2 penalty on the weights: with ~1,000 texts and thousands of features the
 *                       embedding layer can memorise the training set without it
 * @param classWeighted  weight each class's loss by N / (classes × class count): without it the
 *                       88 % positive majority dominates the gradient and the small classes are never predicted
 * @param seed           seed of weight init and shuffling
 */
public record SentimentTrainingConfig(int embeddingSize, boolean bigrams, int minDocuments, int maxFeatures, int epochs,
                                      int batchSize, double learningRate, double l2, boolean classWeighted, long seed) {

    public SentimentTrainingConfig {
        if (embeddingSize < 1 || minDocuments < 1 || maxFeatures < 1 || epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("sizes and counts must be positive: " + embeddingSize + ", " + minDocuments
                    + ", " + maxFeatures + ", " + epochs + ", " + batchSize);
        }
        if (!(learningRate > 0) || !(l2 >= 0)) {
            throw new IllegalArgumentException("learning rate must be > 0 and l2 >= 0, got " + learningRate + ", " + l2);
        }
    }

    /** The settings the trainer's {@code sentiment} command defaults to. */
    public static SentimentTrainingConfig defaults() {
        return new SentimentTrainingConfig(32, false, 2, 20_000, 10, 64, 0.01, 1e-4, true, 42);
    }

    /** The same settings with or without bigrams. */
    public SentimentTrainingConfig withBigrams(boolean b) {
        return new SentimentTrainingConfig(embeddingSize, b, minDocuments, maxFeatures, epochs, batchSize, learningRate, l2,
                classWeighted, seed);
    }
}
