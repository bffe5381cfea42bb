package io.profilestream.ml.lstm;

/**
 * Every parameter of the next-item LSTM as plain row-major float arrays, in the DL4J {@code LSTM}
 * layer layout so the online path and the DL4J reference read the same numbers:
 * <ul>
 *   <li>{@code embedding} [items × embeddingSize]: input vector of each item;</li>
 *   <li>{@code inputWeights} [embeddingSize × 4·hidden], {@code recurrentWeights} [hidden × 4·hidden],
 *       {@code bias} [4·hidden]; gate column blocks in DL4J order: cell input (tanh), forget,
 *       output, input gate;</li>
 *   <li>{@code outputWeights} [items × hidden] and {@code outputBias} [items]: score of item j is
 *       {@code h · outputWeights[j] + outputBias[j]} (row j is item j's output vector, the key for
 *       retrieval by the profile vector h).</li>
 * </ul>
 */
public record LstmWeights(int items, int embeddingSize, int hiddenSize,
                          float[] embedding, float[] inputWeights, float[] recurrentWeights, float[] bias,
                          float[] outputWeights, float[] outputBias) {

    /** Checks every array length against the dimensions. */
    public LstmWeights {
        check("embedding", embedding, (long) items * embeddingSize);
        check("inputWeights", inputWeights, (long) embeddingSize * 4 * hiddenSize);
        check("recurrentWeights", recurrentWeights, (long) hiddenSize * 4 * hiddenSize);
        check("bias", bias, 4L * hiddenSize);
        check("outputWeights", outputWeights, (long) items * hiddenSize);
        check("outputBias", outputBias, items);
    }

    private static void check(String name, float[] a, long expected) {
        if (a == null || a.length != expected) {
            throw new IllegalArgumentException(name + " has " + (a == null ? "no" : a.length)
                    + " values, expected " + expected);
        }
    }
}
