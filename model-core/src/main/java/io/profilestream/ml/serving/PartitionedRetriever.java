package io.profilestream.ml.serving;

import io.profilestream.ml.ScratchPool;
import io.profilestream.ml.lstm.LstmWeights;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Top-n retrieval by the LSTM score {@code h·w_j + b_j} that reads only part of the catalogue: the
 * items are clustered into lists of items that score alike when the model loads
 * ({@link ItemPartition}); a query ranks the lists by how well they are likely to score and runs
 * {@link QuantizedRetriever}'s two passes (int8 scores, then the exact float score of the best
 * {@code n × oversample}) over the best lists only, until {@code probeShare} of the catalogue is
 * read (an inverted-file index, IVF, as in FAISS).
 *
 * <p>Why: the int8 pass over every item streams the whole code matrix (6.4 MB for 50,000 × 128)
 * from memory on every request, which does not stay in cache next to the rest of a service, and
 * was a quarter of the recommender's request CPU under load (JFR, run 42 in docs/BENCHMARKS.md).
 *
 * <ul>
 *   <li><b>Which lists:</b> in the order of {@link ItemPartition#priority}, the score of a list's
 *       centroid plus its largest bias; the lists are clusters of the output vectors augmented so
 *       that nearness means a similar score, bias included (see {@link ItemPartition} for why and
 *       what the alternatives measured).</li>
 *   <li><b>Approximate</b>: an item of the exact top n is missed when its list is not read. Returned
 *       scores and their order are exact ({@link ExactRescore}), as with {@link QuantizedRetriever}.
 *       Recall against {@link ExactRetriever} is measured by {@code PartitionedRetrieverTest} and
 *       {@code QuantizedRetrievalBenchmark}, not promised.</li>
 *   <li>When the lists read hold fewer than {@code n × oversample} eligible items (exclusions),
 *       the rest of the catalogue is read too, so "fewer than n" only means fewer eligible items
 *       exist. Non-finite output rows sit in a list whose priority is +∞: always read, always
 *       rescored.</li>
 * </ul>
 * Immutable and thread-safe; each call borrows its work arrays from a pool shared by every
 * instance of this class (as {@link QuantizedRetriever} has its own).
 */
public final class PartitionedRetriever implements ItemRetriever {

    /** {@link #name()}. */
    public static final String NAME = "partitioned";

    /**
     * Partition and search parameters.
     *
     * @param lists      how many lists the catalogue is clustered into (at most the item count)
     * @param probeShare the share of the catalogue read per query, in (0, 1]: lists are read in
     *                   priority order until at least this many items were read
     * @param oversample candidates rescored exactly per item asked for
     * @param seed       seed of the clustering, so a model version always gets the same lists
     */
    public record Params(int lists, double probeShare, int oversample, long seed) {

        /** Validates the ranges. */
        public Params {
            if (lists < 1) {
                throw new IllegalArgumentException("lists must be at least 1, was " + lists);
            }
            if (!(probeShare > 0 && probeShare <= 1)) {
                throw new IllegalArgumentException("probeShare must be in (0, 1], was " + probeShare);
            }
            if (oversample < 1) {
                throw new IllegalArgumentException("oversample must be at least 1, was " + oversample);
            }
        }

        /** The same lists with another share read per query. */
        public Params withProbeShare(double share) {
            return new Params(lists, share, oversample, seed);
        }

        /**
         * Defaults for a catalogue of {@code items}: about √items lists, 15 % of the items read,
         * oversample 4. Reading 15 % found 0.949 of the exact top 100 on the online benchmark's
         * trained 50,000-item model (224 lists) but 0.794 on the trained Taobao model (46,900
         * items, 217 lists), at 1.8× the speed of {@link QuantizedRetriever} on both
         * ({@code QuantizedRetrievalBenchmark}); a catalogue whose model has learnt little
         * structure needs a larger share.
         */
        public static Params defaults(int items) {
            return new Params(Math.max(1, Math.min(items, (int) Math.round(Math.sqrt(items)))), 0.15,
                    QuantizedRetriever.DEFAULT_OVERSAMPLE, 42L);
        }
    }

    private static final IntPredicate NONE = i -> false;
    private static final ScratchPool<RetrievalScratch> SCRATCH = new ScratchPool<>(RetrievalScratch::new);

    private final LstmWeights weights;
    private final ExactRetriever exact;
    private final ItemPartition partition;
    private final QuantizedItems quantized;
    private final Params params;
    private final int queryCodeMax;
    private final int[] irregularItems;

    /** Clusters and quantizes the items of {@code weights} with {@link Params#defaults}. */
    public PartitionedRetriever(LstmWeights weights) {
        this(weights, Params.defaults(weights.items()));
    }

    /**
     * Clusters the items of {@code weights} (seconds for 50,000 × 128, done at model load, off the
     * serving path) and quantizes them in list order.
     *
     * @throws IllegalStateException without the Vector API (the scalar scan is slower than exact)
     */
    public PartitionedRetriever(LstmWeights weights, Params params) {
        if (!QuantizedRetriever.VECTORISED) {
            throw new IllegalStateException("partitioned retrieval needs the Vector API "
                    + "(run the JVM with --add-modules=jdk.incubator.vector)");
        }
        this.weights = weights;
        this.exact = new ExactRetriever(weights);
        this.params = params;
        this.queryCodeMax = QuantizedRetriever.queryCodeMax(weights.hiddenSize());
        int lanes = Int8Scan.lanes();
        int lists = Math.max(1, Math.min(params.lists(), weights.items()));
        this.partition = weights.items() == 0 ? null : ItemPartition.fit(weights, lists, 2 * lanes, params.seed());
        this.quantized = partition == null ? null : new QuantizedItems(weights, partition.rows, lanes);
        this.irregularItems = quantized == null ? new int[0]
                : Arrays.stream(quantized.irregular).map(quantized::item).toArray();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The parameters in use. */
    public Params params() {
        return params;
    }

    /** Lists the catalogue was clustered into (one more when some output rows are not finite). */
    public int lists() {
        return partition == null ? 0 : partition.lists;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Scores of the returned items are exact and ordered as {@link ExactRetriever} orders them;
     * membership is approximate (see the class comment). {@code excluded} may be null.
     */
    @Override
    public int[] top(float[] h, int n, IntPredicate excluded) {
        RetrievalScratch x = SCRATCH.borrow();
        try {
            return top(h, n, excluded, x);
        } finally {
            SCRATCH.release(x);
        }
    }

    private int[] top(float[] h, int n, IntPredicate excluded, RetrievalScratch x) {
        int hidden = weights.hiddenSize();
        if (h.length != hidden) {
            throw new IllegalArgumentException("profile vector has " + h.length + " values, the model " + hidden);
        }
        IntPredicate skip = excluded == null ? NONE : excluded;
        int items = weights.items();
        if (n < 1 || items == 0) {
            return new int[0];
        }
        long wanted = (long) n * params.oversample();
        if (wanted >= items) {
            return exact.top(h, n, skip);
        }
        int[] q = x.query(hidden);
        float hScale = QuantizedRetriever.quantizeQuery(h, queryCodeMax, quantized.maxScale, q);
        if (Float.isNaN(hScale)) {
            return exact.top(h, n, skip);
        }
        int m = (int) wanted;
        int positions = quantized.blocks * quantized.lanes;
        int groups = quantized.blocks / 2;
        int groupSize = quantized.groupSize();
        float[] scores = x.scores(positions);
        float[] groupMax = x.groupMax(groups);
        Arrays.fill(groupMax, 0, groups, Float.NEGATIVE_INFINITY);

        int lists = partition.lists;
        long[] order = x.listOrder(lists);
        for (int l = 0; l < lists; l++) {
            order[l] = Candidates.key(partition.priority(h, l), l);
        }
        Arrays.sort(order, 0, lists);
        int budget = (int) Math.min(items, Math.ceil(params.probeShare() * items));
        int scanned = 0;
        int read = 0;
        while (read < lists && (scanned < budget || scanned < m)) {
            scanned += scan(q, hScale, scores, groupMax, listAt(order, lists, read++));
        }
        IntPredicate skipPosition = p -> skip.test(quantized.item(p));
        int[] ids = x.ids(m + irregularItems.length);
        int candidates = Candidates.best(scores, groupMax, groups, groupSize, partition.positions(), m, skipPosition, x,
                ids);
        if (candidates < m && read < lists) {
            // Exclusions left too few eligible items in the lists read: read the rest as well.
            while (read < lists) {
                scan(q, hScale, scores, groupMax, listAt(order, lists, read++));
            }
            candidates = Candidates.best(scores, groupMax, groups, groupSize, partition.positions(), m, skipPosition, x,
                    ids);
        }
        for (int i = 0; i < candidates; i++) {
            ids[i] = quantized.item(ids[i]);
        }
        int[] best = ExactRescore.best(weights, h, ids, candidates, irregularItems, n, skip, x);
        if (best.length < n && candidates == m) {
            // Some candidates scored NaN or -∞ exactly while other eligible items were left out.
            return exact.top(h, n, skip);
        }
        return best;
    }

    /** The list read {@code i}-th: keys are sorted ascending, so the best list is the last one. */
    private static int listAt(long[] order, int lists, int i) {
        return Integer.MAX_VALUE - (int) order[lists - 1 - i];
    }

    /** Scans list {@code l}'s blocks; returns the items read (padding not counted). */
    private int scan(int[] q, float hScale, float[] scores, float[] groupMax, int l) {
        int from = partition.start[l] / quantized.lanes;
        int to = partition.start[l + 1] / quantized.lanes;
        if (from < to) {
            Int8Scan.scan(quantized, q, hScale, scores, groupMax, from, to);
        }
        return partition.size[l];
    }
}
