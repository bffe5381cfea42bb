package io.profilestream.ml.knn;

import io.profilestream.ml.ScratchPool;
import io.profilestream.ml.SessionScorer;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Item-kNN as in Ludewig &amp; Jannach's IKNN (after Hidasi et al.): the next click is scored by
 * the similarity of each item to the session's LAST item, over session co-occurrence:
 * {@code sim(i, j) = |S(i) ∩ S(j)| / sqrt((|S(i)| + λ)(|S(j)| + λ))} where S(i) is the set of
 * training sessions containing i. λ = 0 is plain cosine; λ &gt; 0 damps rare items (their default
 * is 20). Only the {@code neighbours} most similar items get a score; the rest, and the last item
 * itself, score 0.
 *
 * <p>Thread-safe: an item's neighbours are computed on first use and cached (two threads may both
 * compute them once; the results are identical).
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

    private final SessionIndex index;
    private final Settings settings;
    private final AtomicReferenceArray<SparseScores> cache;
    private final ScratchPool<Scratch> pool;

    /** Indexes {@code sessions}; similarities are computed on first use per item. */
    public ItemKnn(TrainingSessions sessions, Settings settings) {
        this(new SessionIndex(sessions), settings);
    }

    /** Uses an existing index (shared with other scorers). */
    public ItemKnn(SessionIndex index, Settings settings) {
        this.index = index;
        this.settings = settings;
        this.cache = new AtomicReferenceArray<>(index.itemCount());
        this.pool = new ScratchPool<>(() -> new Scratch(index.itemCount()));
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
        neighbours(prefix[length - 1]).copyTo(out);
    }

    /** The scores after {@code prefix[0..length)}: the neighbours of its last item. */
    public SparseScores scores(int[] prefix, int length) {
        return length == 0 ? SparseScores.EMPTY : neighbours(prefix[length - 1]);
    }

    /** The most similar items to {@code item} with their similarities. */
    public SparseScores neighbours(int item) {
        SparseScores n = cache.get(item);
        if (n == null) {
            Scratch x = pool.borrow();
            try {
                n = compute(x, item);
            } finally {
                pool.release(x);
            }
            cache.set(item, n);
        }
        return n;
    }

    private SparseScores compute(Scratch x, int item) {
        int count = 0;
        for (int s : index.sessionsWith(item)) {
            for (int other : index.items(s)) {
                if (other != item && x.cooccurrence[other]++ == 0) {
                    x.touched[count++] = other;
                }
            }
        }
        double supportI = index.sessionsWith(item).length + settings.lambda();
        long[] keyed = new long[count];
        float[] sims = x.similarity;
        for (int c = 0; c < count; c++) {
            int other = x.touched[c];
            sims[other] = (float) (x.cooccurrence[other]
                    / Math.sqrt(supportI * (index.sessionsWith(other).length + settings.lambda())));
            x.cooccurrence[other] = 0;
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
        return SparseScores.of(items, kept, keep);
    }

    /** Work arrays of one neighbour computation (co-occurrence counts are left all zero). */
    private static final class Scratch {
        final int[] cooccurrence;
        final int[] touched;
        final float[] similarity;

        Scratch(int items) {
            cooccurrence = new int[items];
            touched = new int[items];
            similarity = new float[items];
        }
    }
}
