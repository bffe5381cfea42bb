package io.profilestream.ml.hybrid;

import io.profilestream.ml.ItemScores;
import io.profilestream.ml.ScratchPool;
import io.profilestream.ml.knn.SparseScores;

import java.util.ArrayList;
import java.util.List;

/**
 * The ranker's feature vector for one (session prefix, candidate) pair. Every feature depends only
 * on the clicks so far, the model and the training data, so the online service can compute the
 * same vector per event (the kNN features need the training-session index in memory there too).
 *
 * <p>Ranks are 1-based positions in the signal's top-N list, N+1 when the candidate is outside it,
 * so no feature needs a full sort of the catalogue.
 */
public final class HybridFeatures {

    public static final String LSTM_SCORE = "lstm_score";
    public static final String LSTM_RANK = "lstm_rank";
    public static final String VSKNN_SCORE = "vsknn_score";
    public static final String VSKNN_RANK = "vsknn_rank";
    public static final String IKNN_SCORE = "iknn_score";
    public static final String LOG_POPULARITY = "log_popularity";
    public static final String IN_SESSION = "in_session";
    /** 1 = the last click, 2 = the one before, ...; 0 when the candidate is not in the session. */
    public static final String RECENCY = "position_from_end";
    public static final String SAME_CATEGORY = "same_category_as_last";
    public static final String SESSION_LENGTH = "session_length";

    /**
     * Two vocabulary-sized arrays per call in flight, all zeros between calls: dense copies of the
     * V-SKNN and item-kNN scores for {@link #vectors}. Shared by every instance (models are swapped
     * while serving), grown to the largest vocabulary seen.
     */
    private static final ScratchPool<float[][]> DENSE = new ScratchPool<>(() -> new float[2][0]);

    private final List<String> names;

    /**
     * @param names feature names in vector order (from {@link #names(boolean)} at training time,
     *              from the model's metadata at load time)
     * @throws IllegalArgumentException on an unknown name
     */
    public HybridFeatures(List<String> names) {
        for (String n : names) {
            if (!all(true).contains(n)) {
                throw new IllegalArgumentException("unknown ranker feature '" + n + "'; known: " + all(true));
            }
        }
        this.names = List.copyOf(names);
    }

    /** The feature set: every feature, the category one only when the data has categories. */
    public static List<String> names(boolean categoriesKnown) {
        return all(categoriesKnown);
    }

    private static List<String> all(boolean withCategory) {
        List<String> out = new ArrayList<>(List.of(LSTM_SCORE, LSTM_RANK, VSKNN_SCORE, VSKNN_RANK, IKNN_SCORE,
                LOG_POPULARITY, IN_SESSION, RECENCY));
        if (withCategory) {
            out.add(SAME_CATEGORY);
        }
        out.add(SESSION_LENGTH);
        return List.copyOf(out);
    }

    /** Feature names in vector order. */
    public List<String> names() {
        return names;
    }

    /**
     * The feature vector of {@code candidate} after {@code s.prefix()}.
     *
     * @param logPopularity ln(1 + training clicks) per item
     * @param categories    category per item, "" when unknown
     * @param topN          length of the top lists (rank outside a list = topN + 1)
     */
    public float[] vector(PrefixSignals s, int candidate, float[] logPopularity, String[] categories, int topN) {
        float[] out = new float[names.size()];
        for (int f = 0; f < out.length; f++) {
            out[f] = value(names.get(f), s, candidate, logPopularity, categories, topN);
        }
        return out;
    }

    /**
     * The feature vectors of {@code candidates}, each identical to {@link #vector} of it. Sparse
     * kNN scores ({@link SparseScores}, online) are copied once into dense scratch arrays and read
     * from there: the per-candidate, per-feature binary search was ~11% of a request thread's
     * CPU (JFR at 500 requests/s); the copy costs the neighbours' items, written and cleared once.
     */
    public List<float[]> vectors(PrefixSignals s, int[] candidates, float[] logPopularity, String[] categories,
                                 int topN) {
        List<float[]> out = new ArrayList<>(candidates.length);
        if (!(s.vsknn() instanceof SparseScores) && !(s.iknn() instanceof SparseScores)) {
            for (int c : candidates) {
                out.add(vector(s, c, logPopularity, categories, topN));
            }
            return out;
        }
        float[][] dense = DENSE.borrow();
        try {
            ItemScores vsknn = dense(s.vsknn(), dense, 0, logPopularity.length);
            ItemScores iknn = dense(s.iknn(), dense, 1, logPopularity.length);
            PrefixSignals d = new PrefixSignals(s.prefix(), s.length(), s.lstm(), s.lstmTop(), vsknn, s.vsknnTop(), iknn);
            for (int c : candidates) {
                out.add(vector(d, c, logPopularity, categories, topN));
            }
        } finally {
            // Back to all zeros for the next call.
            clear(s.vsknn(), dense[0]);
            clear(s.iknn(), dense[1]);
            DENSE.release(dense);
        }
        return out;
    }

    /** {@code scores} read through {@code dense[slot]} when sparse (filled here), else as they are. */
    private static ItemScores dense(ItemScores scores, float[][] dense, int slot, int vocabulary) {
        if (!(scores instanceof SparseScores sparse)) {
            return scores;
        }
        int size = Math.max(vocabulary, sparse.itemBound());
        if (dense[slot].length < size) {
            dense[slot] = new float[size];
        }
        float[] a = dense[slot];
        sparse.scatterInto(a);
        // Items outside the array (not vocabulary indexes) keep the sparse answer, as before.
        return item -> item >= 0 && item < a.length ? a[item] : sparse.get(item);
    }

    private static void clear(ItemScores scores, float[] dense) {
        // The length check only matters if dense() failed before filling this array.
        if (scores instanceof SparseScores sparse && dense.length >= sparse.itemBound()) {
            sparse.clearIn(dense);
        }
    }

    private static float value(String name, PrefixSignals s, int candidate, float[] logPopularity, String[] categories,
                               int topN) {
        return switch (name) {
            case LSTM_SCORE -> s.lstm().get(candidate);
            case LSTM_RANK -> rank(s.lstmTop(), candidate, topN);
            case VSKNN_SCORE -> s.vsknn().get(candidate);
            case VSKNN_RANK -> rank(s.vsknnTop(), candidate, topN);
            case IKNN_SCORE -> s.iknn().get(candidate);
            case LOG_POPULARITY -> logPopularity[candidate];
            case IN_SESSION -> positionFromEnd(s, candidate) > 0 ? 1f : 0f;
            case RECENCY -> positionFromEnd(s, candidate);
            case SAME_CATEGORY -> {
                String last = categories[s.prefix()[s.length() - 1]];
                yield !last.isEmpty() && last.equals(categories[candidate]) ? 1f : 0f;
            }
            case SESSION_LENGTH -> s.length();
            default -> throw new IllegalStateException("unknown feature " + name);
        };
    }

    private static float rank(int[] top, int candidate, int topN) {
        int i = PrefixSignals.indexOf(top, candidate);
        return i < 0 ? topN + 1 : i + 1;
    }

    private static int positionFromEnd(PrefixSignals s, int candidate) {
        for (int p = s.length() - 1; p >= 0; p--) {
            if (s.prefix()[p] == candidate) {
                return s.length() - p;
            }
        }
        return 0;
    }
}
