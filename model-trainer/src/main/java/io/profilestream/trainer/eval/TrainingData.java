package io.profilestream.trainer.eval;

import io.profilestream.ml.ItemStats;
import io.profilestream.ml.ItemVocabulary;
import io.profilestream.ml.knn.TrainingSessions;
import io.profilestream.trainer.data.Interaction;
import io.profilestream.trainer.data.Sessions;
import io.profilestream.trainer.data.Sessions.Session;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training sessions as vocabulary indexes. The vocabulary is canonical: training items in order
 * of first appearance in the training file (sessions in file order, clicks in time order), so a
 * model trained on the same train.tsv gets the same {@link ItemVocabulary#fingerprint()}.
 */
public final class TrainingData {

    private final ItemVocabulary vocabulary;
    private final List<String> sessionIds;
    private final int[][] sessions;
    private final long[] sessionEndMs;
    private final String[] categories;
    private TrainingSessions byRecency;

    private TrainingData(ItemVocabulary vocabulary, List<String> sessionIds, int[][] sessions, long[] sessionEndMs,
                         String[] categories) {
        this.vocabulary = vocabulary;
        this.sessionIds = sessionIds;
        this.sessions = sessions;
        this.sessionEndMs = sessionEndMs;
        this.categories = categories;
    }

    /** Builds the vocabulary and index sequences from training interactions. */
    public static TrainingData of(List<Interaction> train) {
        List<Session> grouped = Sessions.group(train);
        Map<String, Integer> index = new LinkedHashMap<>();
        int[][] sessions = new int[grouped.size()][];
        long[] ends = new long[grouped.size()];
        List<String> ids = new ArrayList<>(grouped.size());
        for (int s = 0; s < grouped.size(); s++) {
            Session session = grouped.get(s);
            int[] seq = new int[session.events().size()];
            for (int p = 0; p < seq.length; p++) {
                seq[p] = index.computeIfAbsent(session.events().get(p).itemId(), k -> index.size());
            }
            sessions[s] = seq;
            ends[s] = session.endMs();
            ids.add(session.id());
        }
        ItemVocabulary vocabulary = new ItemVocabulary(new ArrayList<>(index.keySet()));
        return new TrainingData(vocabulary, List.copyOf(ids), sessions, ends, categories(train, vocabulary));
    }

    /**
     * Sessions of {@code train} mapped onto a given {@code vocabulary} (e.g. the full training
     * vocabulary for a time slice of it, so scores of both share one index space).
     *
     * @throws IllegalArgumentException when an item of {@code train} is not in {@code vocabulary}
     */
    public static TrainingData of(List<Interaction> train, ItemVocabulary vocabulary) {
        List<Session> grouped = Sessions.group(train);
        int[][] sessions = new int[grouped.size()][];
        long[] ends = new long[grouped.size()];
        List<String> ids = new ArrayList<>(grouped.size());
        for (int s = 0; s < grouped.size(); s++) {
            Session session = grouped.get(s);
            int[] seq = new int[session.events().size()];
            for (int p = 0; p < seq.length; p++) {
                String item = session.events().get(p).itemId();
                seq[p] = vocabulary.indexOf(item).orElseThrow(() ->
                        new IllegalArgumentException("item '" + item + "' is not in the vocabulary"));
            }
            sessions[s] = seq;
            ends[s] = session.endMs();
            ids.add(session.id());
        }
        return new TrainingData(vocabulary, List.copyOf(ids), sessions, ends, categories(train, vocabulary));
    }

    /** Category of each vocabulary item: the last non-empty one seen in {@code train}, else "". */
    private static String[] categories(List<Interaction> train, ItemVocabulary vocabulary) {
        String[] out = new String[vocabulary.size()];
        java.util.Arrays.fill(out, "");
        for (Interaction i : train) {
            if (!i.category().isEmpty()) {
                vocabulary.indexOf(i.itemId()).ifPresent(idx -> out[idx] = i.category());
            }
        }
        return out;
    }

    /** Category of vocabulary item {@code item}, or "" when the data has none for it. */
    public String category(int item) {
        return categories[item];
    }

    /**
     * The sessions in recency order (by the time of their last click, ties in file order), as the
     * kNN scorers search them and as a model artifact stores them.
     */
    public synchronized TrainingSessions sessionsByRecency() {
        if (byRecency == null) {
            byRecency = TrainingSessions.byEndTime(vocabulary.size(), sessions, sessionEndMs);
        }
        return byRecency;
    }

    /** Training clicks and category of every vocabulary item. */
    public ItemStats itemStats() {
        int[] clicks = new int[vocabulary.size()];
        for (int[] session : sessions) {
            for (int item : session) {
                clicks[item]++;
            }
        }
        return new ItemStats(clicks, categories);
    }

    /** Whether any training item has a category. */
    public boolean hasCategories() {
        for (String c : categories) {
            if (!c.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Items known to every scorer of this run. */
    public ItemVocabulary vocabulary() {
        return vocabulary;
    }

    /** Number of training sessions. */
    public int sessionCount() {
        return sessions.length;
    }

    /** Clicks of session {@code s} as vocabulary indexes, in time order (do not modify). */
    public int[] session(int s) {
        return sessions[s];
    }

    /** Id of session {@code s}. */
    public String sessionId(int s) {
        return sessionIds.get(s);
    }

    /** Time of the last click of session {@code s}, epoch ms (recency for session-kNN sampling). */
    public long sessionEndMs(int s) {
        return sessionEndMs[s];
    }
}
