package io.profilestream.ml.serving;

import java.util.function.IntPredicate;

/**
 * Candidate retrieval: the items with the highest LSTM score {@code h·w_j + b_j} for a profile
 * vector {@code h}, without scoring the whole catalogue when an index makes that unnecessary.
 * Implementations are immutable and thread-safe.
 */
public interface ItemRetriever {

    /**
     * The {@code n} best vocabulary indexes for {@code h}, best first (fewer if the catalogue has
     * fewer eligible items).
     *
     * @param h        the profile vector (LSTM hidden output), length = the model's hidden size
     * @param n        how many to return
     * @param excluded indexes that must not be returned
     */
    int[] top(float[] h, int n, IntPredicate excluded);

    /** Short name for responses and metrics, e.g. {@code exact} or {@code hnsw}. */
    String name();
}
