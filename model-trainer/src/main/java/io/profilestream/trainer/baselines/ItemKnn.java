package io.profilestream.trainer.baselines;

import io.profilestream.ml.SessionScorer;
import io.profilestream.trainer.eval.TrainingData;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Item-kNN as in Ludewig &amp; Jannach's IKNN (after Hidasi et al.): the next click is scored by
 * the similarity of each item to the session's LAST item, over session co-occurrence:
 * {@code sim(i, j) = |S(i) ∩ S(j)| / sqrt((|S(i)| + λ)(|S(j)| + λ))} where S(i) is the set of
 * training sessions containing i. λ = 0 is plain cosine; λ &gt; 0 damps rare items (their default
 * is 20). Only the {@code neighbours} most similar items get a score; the rest, and the last item
 * itself, score 0.
 */
public final class ItemKnn implements SessionScorer {

    /** Name in result tables. */
    public static final String NAME = "item-kNN";

    /**
     * @param neighbours similar items kept per item
     * @param lambda     regularisation added to both supports
     */
    public record Settings(int neighbours, double lambda) {
        /** Ludewig &amp; Jannach's defaults. */
        public static final Settings DEFAULT = new Settings(100, 20);

        public Settings {
            if (neighbours < 1 || lambda < 0) {
                throw new IllegalArgumentException("item-kNN needs neighbours >= 1 and lambda >= 0");
            }
        }
    }

    private record Neighbours(int[] items, float[] sims) {
    }

    private final SessionIndex index;
    private final Settings settings;
    private final Map<Integer, Neighbours> cache = new HashMap<>();
    private final int[] cooccurrence;
    private final int[] touched;
    private final float[] similarityBuffer;

    /** Builds the session index of {@code training}; similarities are computed on first use per item. */
    public ItemKnn(TrainingData training, Settings settings) {
        this.index = new SessionIndex(training);
        this.settings = settings;
        this.cooccurrence = new int[index.itemCount()];
        this.touched = new int[index.itemCount()];
        this.similarityBuffer = new float[index.itemCount()];
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void score(int[] prefix, int length, float[] out) {
        Arrays.fill(out, 0f);
        Neighbours n = cache.computeIfAbsent(prefix[length - 1], this::neighbours);
        for (int k = 0; k < n.items.length; k++) {
            out[n.items[k]] = n.sims[k];
        }
    }

    private Neighbours neighbours(int item) {
        int count = 0;
        for (int s : index.sessionsWith(item)) {
            for (int other : index.items(s)) {
                if (other != item && cooccurrence[other]++ == 0) {
                    touched[count++] = other;
                }
            }
        }
        double supportI = index.sessionsWith(item).length + settings.lambda();
        long[] keyed = new long[count];
        float[] sims = similarityBuffer;
        for (int c = 0; c < count; c++) {
            int other = touched[c];
            sims[other] = (float) (cooccurrence[other] / Math.sqrt(supportI * (index.sessionsWith(other).length + settings.lambda())));
            cooccurrence[other] = 0;
            // Sort key: similarity descending, then item index ascending (positive floats order like their bits).
            keyed[c] = ((long) Float.floatToIntBits(sims[other]) << 32) | (0xFFFFFFFFL & ~other);
        }
        Arrays.sort(keyed);
        int keep = Math.min(count, settings.neighbours());
        int[] items = new int[keep];
        float[] kept = new float[keep];
        for (int k = 0; k < keep; k++) {
            int other = ~(int) keyed[count - 1 - k];
            items[k] = other;
            kept[k] = sims[other];
        }
        return new Neighbours(items, kept);
    }
}
