package io.profilestream.ml.serving;

import io.profilestream.ml.ScratchPool;
import io.profilestream.ml.lstm.LstmStep;
import io.profilestream.ml.lstm.LstmWeights;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Top-n retrieval by the LSTM score {@code h·w_j + b_j} in two passes: approximate scores of every
 * item from int8 copies of the item vectors, then the exact float score of the best
 * {@code n × oversample} of them.
 *
 * <p>Why: {@link ExactRetriever} reads the whole float matrix per request (25.6 MB for 50,000
 * items × 128), which does not fit in cache, so it is memory-bound (~1.36 ms of a 1.6 ms
 * recommendation). The int8 copy is a quarter of that (6.4 MB), and the integer lanes of
 * {@link Int8Scan} go through it several times faster. {@code QuantizedRetrievalBenchmark}, top
 * 100, oversample 4, one thread, 2 cores shared with other builds (load ~3.4), p50 exact →
 * quantized: random 50,000 × 128 1,438 → 304 µs back to back (4.7×), 1,517 → 488 µs when each
 * query also ran exact and evicted the int8 copy (3.1×); trained taobao model 46,900 × 100
 * 1,934 → 226 µs (8.6×); recall@100 1.0 and identical top-100 lists for 2,000 of 2,000 queries
 * on each catalogue (also with item norms skewed by exp(2·N(0,1))).
 *
 * <ul>
 *   <li><b>Per-item scale</b> (symmetric, max|w_j| / 127), not per dimension: the score error of
 *       item j is {@code h·(w_j − scale_j·code_j)}, at most {@code Σ|h_k| · scale_j / 2}, so every
 *       item is approximated relative to its own size. Catalogues have items whose output vectors
 *       differ in norm by orders of magnitude (popular vs long-tail); a per-dimension scale is set
 *       by the largest items and rounds small items to all-zero codes, exactly the items whose
 *       order among themselves decides a top list. Per item costs nothing extra: the scale is one
 *       multiply per item after the sum.</li>
 *   <li><b>The query is quantized too</b>, to int codes of up to 15 bits ({@link #queryCodeMax}),
 *       so the sum is an exact int32 multiply-add (no overflow: 127 · qMax · hidden &lt; 2^31). Its
 *       error is ~1/256 of the item codes' and negligible; integer lanes measured faster than
 *       converting the bytes to float (see {@link Int8Scan}) and make the scalar fallback give
 *       bit-identical approximate scores.</li>
 *   <li><b>Exact second pass</b>: candidates are rescored with {@link LstmStep#score}, the same float
 *       operations in the same order as {@link ExactRetriever} (which stays the reference the
 *       tests compare with), and returned by score descending, then index ascending, NaN and -∞
 *       dropped. So every returned score is exact and the order is ExactRetriever's; only
 *       membership in the top n is approximate, and with oversample 4 it missed nothing on the
 *       catalogues measured (QuantizedRetrieverTest, the benchmark). The known weak case is a
 *       catalogue of near-duplicates, whose score differences fall below the int8 step: 50,000
 *       items in 50 clusters with 1% noise gave recall@100 0.974 at oversample 4, 0.9998 at 8
 *       (clusters with 3% noise: 1.0 at 4).</li>
 *   <li>Falls back to {@link ExactRetriever} when quantizing cannot help or cannot be trusted:
 *       {@code n × oversample} covers the catalogue; {@code h} has a NaN or infinite value, or a
 *       scale so small it is subnormal or so large that it overflows with an item's; or the
 *       candidates ran out (they had NaN or -∞ exact scores) while other items were left out.
 *       Items whose output vector has a non-finite value, or whose bias is +∞, are not quantized
 *       but always rescored.</li>
 *   <li>{@code excluded} is asked only about items above the candidate bound (see
 *       {@link Candidates}), and excluded items never take a candidate slot.</li>
 *   <li>Without the Vector API (no {@code --add-modules jdk.incubator.vector}) the scalar first
 *       pass gives the same results but is slower than ExactRetriever (measured ~0.4×): in such a
 *       JVM, configure exact retrieval.</li>
 * </ul>
 * Immutable and thread-safe: the codes are built in the constructor and only read afterwards. Each
 * call borrows its work arrays (query codes, one approximate score per item, group maxima,
 * candidates) from a {@link ScratchPool} shared by all instances, so a warm call allocates only its
 * result: the per-call 200 KB score array of 50,000 items was 29% of the recommender's allocated
 * bytes (JFR at 500 requests/s). One pool for every instance because models are swapped while
 * serving and {@link #withOversample} makes siblings: the arrays grow to the largest catalogue seen
 * and are never shrunk (about 4 bytes per item per call in flight).
 */
public final class QuantizedRetriever implements ItemRetriever {

    /** {@link #name()}. */
    public static final String NAME = "quantized";

    /**
     * Candidates rescored per returned item unless configured otherwise. 2 was as exact on every
     * catalogue benchmarked and ~15% faster; 4 keeps a margin for near-duplicate items (see above:
     * 1%-noise clusters gave recall@100 0.84 at 2, 0.97 at 4).
     */
    public static final int DEFAULT_OVERSAMPLE = 4;

    /**
     * Whether the first pass runs on the Vector API in this JVM: the module is present, the
     * preferred vectors have at least 8 int lanes, and {@code -Dprofilestream.retrieval.scalar}
     * is not set.
     */
    public static final boolean VECTORISED = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("profilestream.retrieval.scalar") && Int8Scan.supported();

    /** Items per block when the scalar pass runs (any value works; 16 matches AVX-512). */
    private static final int SCALAR_LANES = 16;

    private static final IntPredicate NONE = i -> false;

    private static final ScratchPool<RetrievalScratch> SCRATCH = new ScratchPool<>(RetrievalScratch::new);

    private final LstmWeights weights;
    private final ExactRetriever exact;
    private final QuantizedItems quantized;
    private final int oversample;
    private final boolean vectorised;
    private final int queryCodeMax;

    /** Quantizes the item vectors of {@code weights}, with {@link #DEFAULT_OVERSAMPLE}. */
    public QuantizedRetriever(LstmWeights weights) {
        this(weights, DEFAULT_OVERSAMPLE);
    }

    /**
     * Quantizes the item vectors of {@code weights} (one pass over the output matrix; tens of
     * milliseconds for 50,000 × 128, done at model load).
     *
     * @param weights    the LSTM; its output weights and bias are read, and must not change afterwards
     * @param oversample candidates rescored exactly per item asked for; at least 1
     */
    public QuantizedRetriever(LstmWeights weights, int oversample) {
        this(weights, oversample, VECTORISED);
    }

    /** As {@link #QuantizedRetriever(LstmWeights, int)}, choosing the first pass (tests compare both). */
    QuantizedRetriever(LstmWeights weights, int oversample, boolean vectorised) {
        this(weights, new QuantizedItems(weights, vectorised ? Int8Scan.lanes() : SCALAR_LANES), oversample, vectorised);
    }

    private QuantizedRetriever(LstmWeights weights, QuantizedItems quantized, int oversample, boolean vectorised) {
        if (oversample < 1) {
            throw new IllegalArgumentException("oversample must be at least 1, was " + oversample);
        }
        int qMax = queryCodeMax(weights.hiddenSize());
        this.weights = weights;
        this.exact = new ExactRetriever(weights);
        this.quantized = quantized;
        this.oversample = oversample;
        this.vectorised = vectorised;
        this.queryCodeMax = qMax;
    }

    /** The same quantized items with another oversample factor (no re-quantizing; the codes are shared). */
    public QuantizedRetriever withOversample(int factor) {
        return new QuantizedRetriever(weights, quantized, factor, vectorised);
    }

    /** Candidates rescored exactly per item asked for. */
    public int oversample() {
        return oversample;
    }

    /** Whether this instance's first pass uses the Vector API. */
    public boolean vectorised() {
        return vectorised;
    }

    /** Memory held by the quantized copy (codes, scales, biases), in bytes. */
    public long quantizedBytes() {
        return quantized.bytes();
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Scores of the returned items are exact and ordered as {@link ExactRetriever} orders them;
     * an item of the exact top n is missing only if more than {@code n × oversample - n} items
     * overtook it in the int8 approximation. {@code excluded} may be null (nothing excluded).
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

    /** {@link #top(float[], int, IntPredicate)} with the given work arrays (tests pass fresh or reused ones). */
    int[] top(float[] h, int n, IntPredicate excluded, RetrievalScratch x) {
        int hidden = weights.hiddenSize();
        if (h.length != hidden) {
            throw new IllegalArgumentException("profile vector has " + h.length + " values, the model " + hidden);
        }
        IntPredicate skip = excluded == null ? NONE : excluded;
        int items = weights.items();
        if (n < 1 || items == 0) {
            return new int[0];
        }
        long wanted = (long) n * oversample;
        if (wanted >= items) {
            return exact.top(h, n, skip);
        }
        if (!approximateScores(h, x)) {
            return exact.top(h, n, skip);
        }
        int m = (int) wanted;
        int[] ids = x.ids(m + quantized.irregular.length);
        int candidates = Candidates.best(x.scores, x.groupMax, quantized.blocks / 2, quantized.groupSize(), items, m,
                skip, x, ids);
        int[] best = ExactRescore.best(weights, h, ids, candidates, quantized.irregular, n, skip, x);
        if (best.length < n && candidates == m) {
            // Some candidates scored NaN or -∞ exactly while other eligible items were left out.
            return exact.top(h, n, skip);
        }
        return best;
    }

    /**
     * The first pass's output.
     *
     * @param scores   the approximate score of every item, padded past the catalogue with -∞
     * @param groupMax the maximum score of each group of {@code QuantizedItems.groupSize()} items
     */
    record FirstPass(float[] scores, float[] groupMax) {
    }

    /**
     * The first pass into fresh arrays of exactly the padded catalogue's and the groups' sizes (for
     * tests), or null when {@code h} cannot be quantized.
     */
    FirstPass approximateScores(float[] h) {
        RetrievalScratch x = new RetrievalScratch();
        if (!approximateScores(h, x)) {
            return null;
        }
        return new FirstPass(Arrays.copyOf(x.scores, quantized.blocks * quantized.lanes),
                Arrays.copyOf(x.groupMax, quantized.blocks / 2));
    }

    /**
     * Quantizes {@code h} into {@code q[0, h.length)} (codes of at most {@code codeMax}) and returns the
     * float each code step is worth; NaN when {@code h} cannot be quantized (a NaN or infinite
     * value, a subnormal scale, or a scale whose product with {@code maxItemScale} overflows).
     */
    static float quantizeQuery(float[] h, int codeMax, float maxItemScale, int[] q) {
        float maxAbs = 0f;
        for (float v : h) {
            float a = Math.abs(v);
            if (!(a <= Float.MAX_VALUE)) {
                return Float.NaN;
            }
            maxAbs = Math.max(maxAbs, a);
        }
        float hScale = maxAbs / codeMax;
        if (maxAbs > 0f && hScale < Float.MIN_NORMAL || !(maxItemScale * hScale <= Float.MAX_VALUE)) {
            return Float.NaN;
        }
        if (maxAbs > 0f) {
            for (int k = 0; k < h.length; k++) {
                q[k] = Math.max(-codeMax, Math.min(codeMax, Math.round(h[k] / hScale)));
            }
        } else {
            // hScale 0 already zeroes every sum; cleared anyway so the codes match h (scratch holds the last call's).
            Arrays.fill(q, 0, h.length, 0);
        }
        return hScale;
    }

    /** The largest query code for {@code hidden} dimensions: 127 · code · hidden must stay below 2^31. */
    static int queryCodeMax(int hidden) {
        long qMax = hidden < 1 ? 0 : Math.min(32_767L, Integer.MAX_VALUE / ((long) QuantizedItems.CODE_MAX * hidden));
        if (qMax < QuantizedItems.CODE_MAX) {
            throw new IllegalArgumentException("hidden size must be in 1.." + Integer.MAX_VALUE
                    / (QuantizedItems.CODE_MAX * QuantizedItems.CODE_MAX) + " to quantize, was " + hidden);
        }
        return (int) qMax;
    }

    /**
     * The first pass into {@code x.scores[0, blocks·lanes)} and {@code x.groupMax[0, blocks/2)};
     * false when {@code h} cannot be quantized (a NaN or infinite value, a subnormal scale, or a
     * scale whose product with an item scale overflows).
     */
    private boolean approximateScores(float[] h, RetrievalScratch x) {
        int[] q = x.query(h.length);
        float hScale = quantizeQuery(h, queryCodeMax, quantized.maxScale, q);
        if (Float.isNaN(hScale)) {
            return false;
        }
        float[] scores = x.scores(quantized.blocks * quantized.lanes);
        float[] groupMax = x.groupMax(quantized.blocks / 2);
        if (vectorised) {
            Int8Scan.scan(quantized, q, hScale, scores, groupMax);
        } else {
            quantized.scanScalar(q, hScale, scores, groupMax);
        }
        return true;
    }

}
