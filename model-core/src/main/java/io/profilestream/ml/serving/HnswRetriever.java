package io.profilestream.ml.serving;

import io.profilestream.ml.lstm.LstmStep;
import io.profilestream.ml.lstm.LstmWeights;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Approximate top-n retrieval by the LSTM score {@code h·w_j + b_j} over a Lucene HNSW graph
 * built in memory when the model loads.
 *
 * <p>Why this shape:
 * <ul>
 *   <li>Item j is the vector {@code [w_j, b_j]} (row j of the output weights, then its bias) and the
 *       query is {@code [h, 1]}, so the inner product IS the LSTM score, and Lucene's
 *       {@link VectorSimilarityFunction#MAXIMUM_INNER_PRODUCT} (a monotone rescaling of the inner
 *       product) orders items exactly as the model does. No normalisation, no second model. The
 *       graph's neighbour lists are wired by cosine between item vectors by default (see
 *       {@link Params#DEFAULTS} for why); the search itself always follows the inner product.</li>
 *   <li>The graph is Lucene's {@code util.hnsw} graph on the heap, searched directly, not an index
 *       in a {@code ByteBuffersDirectory} queried with {@code KnnFloatVectorQuery}: the query path
 *       then has no query rewrite, no segment/doc-id mapping and reads vectors from plain arrays
 *       (RetrievalBenchmark measures both), and an index field has ONE similarity for both wiring
 *       and scoring, so it could not wire by cosine and search by inner product. The artifact does
 *       not store the graph: it is rebuilt at
 *       load, off the serving path (the {@link ModelRegistry} loads candidates before swapping).</li>
 *   <li>Candidates are re-scored with {@link LstmStep#score} (bit-identical to
 *       {@code LstmStep.scores}), so the scores callers see and the order (score descending, then
 *       index ascending, NaN and -∞ dropped, as in {@link ExactRetriever}) are the exact ones; only
 *       membership in the top n is approximate.</li>
 *   <li>Thread-safe: the graph and vectors are built in the constructor and never modified after
 *       (final fields publish them safely), and every query uses Lucene's
 *       {@link HnswGraphSearcher#search(RandomVectorScorer, int, OnHeapHnswGraph, Bits, int)}, which
 *       keeps its cursor and visited set per call instead of in the graph.</li>
 *   <li>{@code excluded} is passed to the graph search as accept bits, so excluded items are walked
 *       through but never collected and the search still fills {@code max(n, efSearch)} slots with
 *       eligible items. When the graph search cannot fill {@code n} (n close to the catalogue size,
 *       or nearly everything excluded) it falls back to {@link ExactRetriever}, so "fewer than n"
 *       only ever means "fewer eligible items exist".</li>
 * </ul>
 */
public final class HnswRetriever implements ItemRetriever {

    /**
     * Graph and search parameters.
     *
     * @param maxConn         HNSW {@code M}: neighbours per node on the upper levels (2·M on level 0);
     *                        more = better recall, bigger graph, slower build
     * @param beamWidth       candidate list size while building ({@code efConstruction})
     * @param efSearch        candidate list size while searching: the search collects
     *                        {@code max(n, efSearch)} items by inner product and the best n of them
     *                        by exact score are returned (over-fetch buys recall for latency)
     * @param graphSimilarity how items are compared with each other to choose graph neighbours. Queries
     *                        are always scored by {@code MAXIMUM_INNER_PRODUCT} of {@code [h, 1]};
     *                        only the graph's wiring depends on this. See {@link #DEFAULTS}.
     * @param seed            seed of the level assignment, so a model version always gets the same graph
     */
    public record Params(int maxConn, int beamWidth, int efSearch, VectorSimilarityFunction graphSimilarity,
                         long seed) {

        /**
         * M 16 and beam 100 (Lucene's defaults); graph wired by COSINE between item vectors;
         * efSearch 1000. Measured with RetrievalBenchmark (recall@20 against exact scoring, queries
         * = LSTM states after random click sequences, 2 shared cores):
         * <ul>
         *   <li>wiring: on the trained 46,900-item taobao model (hidden 100) a graph wired by
         *       MAXIMUM_INNER_PRODUCT reached only 0.37 / 0.54 / 0.64 at efSearch 100 / 400 / 1000
         *       (items with large output vectors become hubs that crowd out real neighbours), by
         *       COSINE 0.67 / 0.91 / 0.97 (EUCLIDEAN about the same); on random weights both
         *       wirings are alike;</li>
         *   <li>efSearch: 1000 is the smallest tried value with recall@20 ≥ 0.95 on every catalogue
         *       measured (taobao 0.973; random 50,000 items hidden 100 / 128: 0.984 / 0.967, where
         *       400 gave 0.89 / 0.82). At that setting and ≤ 50,000 items the search is NOT faster
         *       than {@link ExactRetriever} on this hardware (taobao p50 2.4 ms vs 1.9 ms exact), so
         *       HNSW pays off only for larger catalogues or with a smaller efSearch where a lower
         *       recall is acceptable ({@link #withEfSearch}).</li>
         * </ul>
         */
        public static final Params DEFAULTS = new Params(HnswGraphBuilder.DEFAULT_MAX_CONN,
                HnswGraphBuilder.DEFAULT_BEAM_WIDTH, 1000, VectorSimilarityFunction.COSINE, 42L);

        /** Validates the ranges Lucene accepts. */
        public Params {
            if (maxConn < 1 || maxConn > 512) {
                throw new IllegalArgumentException("maxConn must be in 1..512, was " + maxConn);
            }
            if (beamWidth < 1 || beamWidth > 3200) {
                throw new IllegalArgumentException("beamWidth must be in 1..3200, was " + beamWidth);
            }
            if (efSearch < 1) {
                throw new IllegalArgumentException("efSearch must be at least 1, was " + efSearch);
            }
            if (graphSimilarity == null) {
                throw new IllegalArgumentException("graphSimilarity is required");
            }
        }

        /** The same graph parameters with another {@code efSearch}. */
        public Params withEfSearch(int ef) {
            return new Params(maxConn, beamWidth, ef, graphSimilarity, seed);
        }
    }

    /** How a query is compared with items: the inner product of [h, 1] and [w_j, b_j] is the LSTM score. */
    private static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;

    private final LstmWeights weights;
    private final int items;
    private final int hidden;
    private final ExactRetriever exact;
    private final RandomAccessVectorValues.Floats vectors;
    private final OnHeapHnswGraph graph;
    private final Params params;

    /** Builds the graph with {@link Params#DEFAULTS}. */
    public HnswRetriever(LstmWeights weights) {
        this(weights, Params.DEFAULTS);
    }

    /**
     * Builds the graph over every item of {@code weights} (single-threaded; seconds for tens of
     * thousands of items, so call it while loading a model, not per request).
     *
     * @param weights the LSTM; its output weights and bias are shared, not copied, and must not change
     */
    public HnswRetriever(LstmWeights weights, Params params) {
        this.weights = weights;
        this.items = weights.items();
        this.hidden = weights.hiddenSize();
        this.exact = new ExactRetriever(weights);
        this.params = params;
        float[] outputWeights = weights.outputWeights();
        float[] outputBias = weights.outputBias();
        List<float[]> rows = new ArrayList<>(items);
        for (int j = 0; j < items; j++) {
            float[] v = Arrays.copyOf(Arrays.copyOfRange(outputWeights, j * hidden, (j + 1) * hidden), hidden + 1);
            v[hidden] = outputBias[j];
            if (squaredNormUnderflows(v)) {
                // Cosine is undefined for a zero vector (Lucene asserts, or NaN wiring). This shifts
                // that item's inner product by 1e-6 while walking the graph only: results are
                // re-scored exactly.
                v[hidden] += 1e-6f;
            }
            rows.add(v);
        }
        this.vectors = RandomAccessVectorValues.fromFloats(rows, hidden + 1);
        try {
            var builder = HnswGraphBuilder.create(
                    DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(
                            params.graphSimilarity(), vectors),
                    params.maxConn(), params.beamWidth(), params.seed(), items);
            this.graph = builder.build(items);
        } catch (IOException e) {
            // Everything is on the heap; Lucene's signatures declare IOException for on-disk graphs.
            throw new UncheckedIOException("building the HNSW graph failed", e);
        }
    }

    private HnswRetriever(HnswRetriever built, Params params) {
        this.weights = built.weights;
        this.items = built.items;
        this.hidden = built.hidden;
        this.exact = built.exact;
        this.vectors = built.vectors;
        this.graph = built.graph;
        this.params = params;
    }

    /**
     * The same graph searched with another {@code efSearch} (no rebuild; the graph is shared and
     * read-only), to trade recall for latency without reloading the model.
     */
    public HnswRetriever withEfSearch(int efSearch) {
        return new HnswRetriever(this, params.withEfSearch(efSearch));
    }

    /** The parameters the graph was built and is searched with. */
    public Params params() {
        return params;
    }

    /** Number of items in the graph. */
    public int size() {
        return items;
    }

    @Override
    public int[] top(float[] h, int n, IntPredicate excluded) {
        if (h.length != hidden) {
            throw new IllegalArgumentException("profile vector has " + h.length + " values, the model's hidden size is " + hidden);
        }
        if (n < 1 || items == 0) {
            return new int[0];
        }
        int ef = Math.max(n, params.efSearch());
        int[] candidates = ef >= items ? null : graphCandidates(h, ef, excluded);
        if (candidates == null || candidates.length < n) {
            return exact.top(h, n, excluded == null ? j -> false : excluded);
        }
        return bestByExactScore(h, candidates, n);
    }

    @Override
    public String name() {
        return "hnsw";
    }

    /**
     * The exact LSTM score of item {@code j} ({@link LstmStep#score}: bit-identical to the score
     * array the model computes).
     */
    public float score(float[] h, int j) {
        return LstmStep.score(weights, h, j);
    }

    private int[] graphCandidates(float[] h, int ef, IntPredicate excluded) {
        float[] query = Arrays.copyOf(h, hidden + 1);
        query[hidden] = 1f;
        Bits accept = excluded == null ? null : new Bits() {
            @Override
            public boolean get(int index) {
                return !excluded.test(index);
            }

            @Override
            public int length() {
                return items;
            }
        };
        try {
            RandomVectorScorer scorer = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(SIMILARITY, vectors, query);
            KnnCollector collected = HnswGraphSearcher.search(scorer, ef, graph, accept, Integer.MAX_VALUE);
            ScoreDoc[] docs = collected.topDocs().scoreDocs;
            int[] out = new int[docs.length];
            for (int i = 0; i < docs.length; i++) {
                out[i] = docs[i].doc;
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("HNSW search failed", e);
        }
    }

    /**
     * The best {@code n} candidates by exact score (descending, then index ascending), NaN and -∞
     * dropped: the same order and rules as {@link ExactRetriever}.
     */
    private int[] bestByExactScore(float[] h, int[] candidates, int n) {
        int[] ids = new int[candidates.length];
        float[] scores = new float[candidates.length];
        int count = 0;
        for (int j : candidates) {
            float s = score(h, j);
            if (!Float.isNaN(s) && s != Float.NEGATIVE_INFINITY) {
                ids[count] = j;
                scores[count++] = s;
            }
        }
        return selectTop(Arrays.copyOf(ids, count), scores, n);
    }

    private static boolean squaredNormUnderflows(float[] v) {
        float n2 = 0f;
        for (float x : v) {
            n2 += x * x;
        }
        return n2 == 0f;
    }

    /** The {@code n} best of {@code ids} by score descending, then index ascending. */
    private static int[] selectTop(int[] ids, float[] scores, int n) {
        Integer[] order = new Integer[ids.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Float.compare(scores[b], scores[a]);
            return c != 0 ? c : Integer.compare(ids[a], ids[b]);
        });
        int[] out = new int[Math.min(n, ids.length)];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids[order[i]];
        }
        return out;
    }
}
