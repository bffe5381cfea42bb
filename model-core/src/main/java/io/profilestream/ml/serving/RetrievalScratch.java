package io.profilestream.ml.serving;

/**
 * The work arrays of one {@link QuantizedRetriever#top} call: the quantized query, one
 * approximate score per (padded) item, the group maxima, the candidate keys, ids and exact scores.
 * Shared by every retriever through one pool, so the arrays are only ever grown: after a model
 * swap to another catalogue size they may be longer than the current model needs, and every
 * reader bounds its loops by the model's sizes, never by an array's length.
 */
final class RetrievalScratch {

    int[] query = new int[0];
    float[] scores = new float[0];
    float[] groupMax = new float[0];
    /** Keys of the group maxima ({@link Candidates}' bound). */
    long[] groupKeys = new long[0];
    /** Candidate keys, then the rescored candidates' keys. */
    long[] keys = new long[0];
    /** Candidate item indexes, then the irregular items. */
    int[] ids = new int[0];
    float[] exact = new float[0];
    /** {@link PartitionedRetriever}'s lists in reading order, as keys (kept apart from {@link #keys}, which the candidates reuse). */
    long[] listOrder = new long[0];

    int[] query(int n) {
        if (query.length < n) {
            query = new int[n];
        }
        return query;
    }

    float[] scores(int n) {
        if (scores.length < n) {
            scores = new float[n];
        }
        return scores;
    }

    float[] groupMax(int n) {
        if (groupMax.length < n) {
            groupMax = new float[n];
        }
        return groupMax;
    }

    long[] groupKeys(int n) {
        if (groupKeys.length < n) {
            groupKeys = new long[n];
        }
        return groupKeys;
    }

    /** At least {@code n} keys; the contents are not kept when it grows. */
    long[] keys(int n) {
        if (keys.length < n) {
            keys = new long[Math.max(n, 2 * keys.length)];
        }
        return keys;
    }

    int[] ids(int n) {
        if (ids.length < n) {
            ids = new int[n];
        }
        return ids;
    }

    long[] listOrder(int n) {
        if (listOrder.length < n) {
            listOrder = new long[n];
        }
        return listOrder;
    }

    float[] exact(int n) {
        if (exact.length < n) {
            exact = new float[n];
        }
        return exact;
    }
}
