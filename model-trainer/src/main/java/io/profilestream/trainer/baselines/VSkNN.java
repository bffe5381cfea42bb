package io.profilestream.trainer.baselines;

import io.profilestream.ml.SessionScorer;
import io.profilestream.trainer.eval.TrainingData;
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
 * prediction costs the posting lists of the session's items.
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
    private final int[] itemStamp;
    private final float[] itemWeight;
    private final int[] sessionStamp;
    private final float[] similarity;
    private int[] candidates = new int[1024];
    private int stamp;

    /** Builds the inverted index of {@code training}. */
    public VSkNN(TrainingData training, Settings settings) {
        this.index = new SessionIndex(training);
        this.settings = settings;
        this.itemStamp = new int[index.itemCount()];
        this.itemWeight = new float[index.itemCount()];
        this.sessionStamp = new int[index.sessionCount()];
        this.similarity = new float[index.sessionCount()];
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void score(int[] prefix, int length, float[] out) {
        Arrays.fill(out, 0f);
        int distinctStamp = ++stamp;
        int[] distinct = new int[length];
        int d = 0;
        for (int p = 0; p < length; p++) {
            int item = prefix[p];
            if (itemStamp[item] != distinctStamp) {
                itemStamp[item] = distinctStamp;
                distinct[d++] = item;
            }
            itemWeight[item] = (p + 1) / (float) length;
        }
        // Candidates: the union of the posting lists.
        int candidateStamp = ++stamp;
        int c = 0;
        for (int i = 0; i < d; i++) {
            for (int s : index.sessionsWith(distinct[i])) {
                if (sessionStamp[s] != candidateStamp) {
                    sessionStamp[s] = candidateStamp;
                    if (c == candidates.length) {
                        candidates = Arrays.copyOf(candidates, c * 2);
                    }
                    candidates[c++] = s;
                }
            }
        }
        int from = 0;
        int sampledStamp = candidateStamp;
        if (settings.sampleSize() > 0 && c > settings.sampleSize()) {
            // Higher session number = more recent: keep the sampleSize highest.
            Arrays.sort(candidates, 0, c);
            from = c - settings.sampleSize();
            sampledStamp = ++stamp;
            for (int j = from; j < c; j++) {
                sessionStamp[candidates[j]] = sampledStamp;
            }
        }
        for (int j = from; j < c; j++) {
            similarity[candidates[j]] = 0f;
        }
        for (int i = 0; i < d; i++) {
            float w = itemWeight[distinct[i]];
            for (int s : index.sessionsWith(distinct[i])) {
                if (sessionStamp[s] == sampledStamp) {
                    similarity[s] += w;
                }
            }
        }
        int sampled = c - from;
        long[] keyed = new long[sampled];
        for (int j = 0; j < sampled; j++) {
            int s = candidates[from + j];
            similarity[s] /= d;
            // Similarity descending, then recency descending (positive floats order like their bits).
            keyed[j] = ((long) Float.floatToIntBits(similarity[s]) << 32) | s;
        }
        Arrays.sort(keyed);
        int neighbours = Math.min(settings.k(), sampled);
        for (int j = 0; j < neighbours; j++) {
            int s = (int) keyed[sampled - 1 - j];
            float sim = similarity[s];
            for (int item : index.items(s)) {
                out[item] += sim;
            }
        }
    }
}
