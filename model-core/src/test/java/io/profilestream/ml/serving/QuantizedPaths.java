package io.profilestream.ml.serving;

import io.profilestream.ml.lstm.LstmWeights;

/**
 * Test-side access to {@link QuantizedRetriever}'s first pass choice, which production code takes
 * from the JVM once ({@link QuantizedRetriever#VECTORISED}); for benchmarks in other packages.
 */
public final class QuantizedPaths {

    private QuantizedPaths() {
    }

    /** A retriever whose first pass is the scalar loop, whatever the JVM supports. */
    public static QuantizedRetriever scalar(LstmWeights weights, int oversample) {
        return new QuantizedRetriever(weights, oversample, false);
    }
}
