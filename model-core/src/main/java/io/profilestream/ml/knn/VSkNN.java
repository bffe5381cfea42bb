package io.profilestream.ml.knn;

import io.profilestream.ml.ScratchPool;
import io.profilestream.ml.SessionScorer;

import java.util.Arrays;

/**
 * V-SKNN, the vector session-kNN of Ludewig &amp; Jannach (2018), "Evaluation of session-based
 * recommendation algorithms":
 * <ol>
 * <li>candidates: training sessions sharing an item with the current session; only the
 *     {@code sampleSize} most recent of them are considered;</li>
 * <li>similarity of a candidate n: {@code sum over distinct items i of the session that are in n of w(i)},
 *     divided by the number of distinct items, where w(i) = p/L with p the (1-based) position of
 *     i's last click and L the session length (linear decay: recent clicks weigh more);</li>
 * <li>the {@code k} most similar candidates (ties: more recent first) are the neighbours;</li>
 * <li>score(item) = sum of the similarities of the neighbours containing it.</li>
 * </ol>
 * Everything runs on the inverted index item → sessions, with stamped arrays instead of sets, so a
 * prediction costs the tails of the posting lists of the session's items, and the result holds
 * only the neighbours' items ({@link #scores}). Thread-safe: each call borrows its own work arrays.
 */
public final class VSkNN implements SessionScorer {

    /** Name in result tables. */
    public static final String NAME = "V-SKNN";

    /**
     * @param k          neighbours
     * @param sampleSize most recent candidate sessions considered (0 = all)
     */
    public record Settings(int k, int sampleSize) {
        /** The paper's setting. */
        public static final Settings DEFAULT = new Settings(100, 500);

        public Settings {
            if (k < 1 || sampleSize < 0) {
                throw new IllegalArgumentException("V-SKNN needs k >= 1 and sample size >= 0");
            }
        }
    }

    private final SessionIndex index;
    private final Settings settings;
    private final ScratchPool<Scratch> pool;

    /** Indexes {@code sessions}. */
    public VSkNN(TrainingSessions sessions, Settings settings) {
        this(new SessionIndex(sessions), settings);
    }

    /** Searches an existing index (shared with other scorers). */
    public VSkNN(SessionIndex index, Settings settings) {
        this.index = index;
        this.settings = settings;
        this.pool = new ScratchPool<>(() -> new Scratch(index.itemCount(), index.sessionCount()));
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The settings this scorer runs with. */
    public Settings settings() {
        return settings;
    }

    @Override
    public void score(int[] prefix, int length, float[] out) {
        scores(prefix, length).copyTo(out);
    }

    /** The score of every item with evidence after {@code prefix[0..length)}; all others score 0. */
    public SparseScores scores(int[] prefix, int length) {
        if (length == 0) {
            return SparseScores.EMPTY;
        }
        Scratch x = pool.borrow();
        try {
            return compute(x, prefix, length);
        } finally {
            pool.release(x);
        }
    }

    private SparseScores compute(Scratch x, int[] prefix, int length) {
        int distinctStamp = x.next();
        int[] distinct = x.distinct(length);
        int d = 0;
        for (int p = 0; p < length; p++) {
            int item = prefix[p];
            if (x.itemStamp[item] != distinctStamp) {
                x.itemStamp[item] = distinctStamp;
                distinct[d++] = item;
            }
            x.itemWeight[item] = (p + 1) / (float) length;
        }
        int sampledStamp = x.next();
        int sampled = sample(x, distinct, d, sampledStamp);
        int oldest = Integer.MAX_VALUE;
        for (int j = 0; j < sampled; j++) {
            x.similarity[x.candidates[j]] = 0f;
            oldest = Math.min(oldest, x.candidates[j]);
        }
        for (int i = 0; i < d; i++) {
            float w = x.itemWeight[distinct[i]];
            int[] postings = index.sessionsWith(distinct[i]);
            // Every sampled session is at least 'oldest' and posting lists are sorted: skip the older part.
            int from = Arrays.binarySearch(postings, oldest);
            for (int p = from < 0 ? -from - 1 : from; p < postings.length; p++) {
                int s = postings[p];
                if (x.sessionStamp[s] == sampledStamp) {
                    x.similarity[s] += w;
                }
            }
        }
        long[] keyed = x.keyed(sampled);
        for (int j = 0; j < sampled; j++) {
            int s = x.candidates[j];
            x.similarity[s] /= d;
            // Similarity descending, then recency descending (positive floats order like their bits).
            keyed[j] = ((long) Float.floatToIntBits(x.similarity[s]) << 32) | s;
        }
        Arrays.sort(keyed, 0, sampled);
        int neighbours = Math.min(settings.k(), sampled);
        int accStamp = x.next();
        int n = 0;
        for (int j = 0; j < neighbours; j++) {
            int s = (int) keyed[sampled - 1 - j];
            float sim = x.similarity[s];
            for (int item : index.items(s)) {
                if (x.itemStamp[item] != accStamp) {
                    x.itemStamp[item] = accStamp;
                    x.acc[item] = 0f;
                    x.touched[n++] = item;
                }
                x.acc[item] += sim;
            }
        }
        float[] values = new float[n];
        for (int t = 0; t < n; t++) {
            values[t] = x.acc[x.touched[t]];
        }
        return SparseScores.of(x.touched, values, n);
    }

    /**
     * Stamps the candidate sessions (the {@code sampleSize} most recent sessions containing an item
     * of the session, or all of them) and lists them in {@code x.candidates}; returns their number.
     * Walks the posting lists from their recent ends, so a popular item's long list costs only the
     * sample.
     */
    private int sample(Scratch x, int[] distinct, int d, int stamp) {
        int limit = settings.sampleSize() == 0 ? Integer.MAX_VALUE : settings.sampleSize();
        int[] cursor = x.cursor(d);
        for (int i = 0; i < d; i++) {
            cursor[i] = index.sessionsWith(distinct[i]).length - 1;
        }
        int c = 0;
        while (c < limit) {
            int best = -1;
            int bestList = -1;
            for (int i = 0; i < d; i++) {
                if (cursor[i] >= 0) {
                    int s = index.sessionsWith(distinct[i])[cursor[i]];
                    if (s > best) {
                        best = s;
                        bestList = i;
                    }
                }
            }
            if (bestList < 0) {
                break;
            }
            cursor[bestList]--;
            if (x.sessionStamp[best] != stamp) {
                x.sessionStamp[best] = stamp;
                x.candidate(c++, best);
            }
        }
        return c;
    }

    /** Work arrays of one call. */
    private static final class Scratch {
        final int[] itemStamp;
        final float[] itemWeight;
        final float[] acc;
        final int[] touched;
        final int[] sessionStamp;
        final float[] similarity;
        int[] distinct = new int[64];
        int[] cursor = new int[64];
        int[] candidates = new int[1024];
        long[] keyed = new long[1024];
        int stamp;

        Scratch(int items, int sessions) {
            itemStamp = new int[items];
            itemWeight = new float[items];
            acc = new float[items];
            touched = new int[items];
            sessionStamp = new int[sessions];
            similarity = new float[sessions];
        }

        int next() {
            if (stamp == Integer.MAX_VALUE) {
                Arrays.fill(itemStamp, 0);
                Arrays.fill(sessionStamp, 0);
                stamp = 0;
            }
            return ++stamp;
        }

        int[] distinct(int n) {
            if (distinct.length < n) {
                distinct = new int[Math.max(n, 2 * distinct.length)];
            }
            return distinct;
        }

        int[] cursor(int n) {
            if (cursor.length < n) {
                cursor = new int[Math.max(n, 2 * cursor.length)];
            }
            return cursor;
        }

        void candidate(int at, int session) {
            if (at == candidates.length) {
                candidates = Arrays.copyOf(candidates, 2 * at);
            }
            candidates[at] = session;
        }

        long[] keyed(int n) {
            if (keyed.length < n) {
                keyed = new long[Math.max(n, 2 * keyed.length)];
            }
            return keyed;
        }
    }
}
