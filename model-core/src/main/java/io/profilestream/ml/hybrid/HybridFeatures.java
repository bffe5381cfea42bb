package io.profilestream.ml.hybrid;

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
