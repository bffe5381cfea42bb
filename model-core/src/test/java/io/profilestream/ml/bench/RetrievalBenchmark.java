package io.profilestream.ml.bench;

import io.profilestream.ml.NextItemModel.State;
import io.profilestream.ml.lstm.LstmStep;
import io.profilestream.ml.Nd4jRuntime;
import io.profilestream.ml.lstm.Dl4jLstmNetwork;
import org.deeplearning4j.util.ModelSerializer;
import io.profilestream.ml.lstm.LstmWeights;
import io.profilestream.ml.serving.ExactRetriever;
import io.profilestream.ml.serving.HnswRetriever;
import io.profilestream.ml.testing.TestModels;
import org.HdrHistogram.Histogram;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * Manual latency measurement of LSTM candidate retrieval (never run by the build: no @Test):
 * exact brute force (score every item with the {@code LstmStep.scores} loop, keep the best n in a
 * heap; also {@link ExactRetriever}, and the same sums over a transposed weight matrix) against
 * {@link HnswRetriever}, and optionally against the same HNSW parameters behind a
 * Lucene index in a {@code ByteBuffersDirectory} queried with {@code KnnFloatVectorQuery}, on one
 * catalogue, with the same queries, in the same JVM run, so the printed ratio is comparable.
 *
 * <p>Queries are real LSTM states: random click sequences (1..20 items) stepped through
 * {@code LstmStep}. Weights are {@link TestModels#randomWeights} (Gaussian: no cluster structure,
 * the hard case for any ANN index) or, with {@code model=DIR}, a trained exported model. Each
 * method is warmed up on its own queries first, then timed one query at a time (single thread,
 * {@code System.nanoTime} around one {@code top} call) into an HdrHistogram.
 *
 * <p>Usage (from /work/main, after {@code mvn -B -o -pl model-core -am test-compile}):
 * <pre>
 * mvn -B -q -o -pl model-core -am dependency:build-classpath -Dmdep.outputFile=target/test.cp -Dmdep.includeScope=test
 * java -cp model-core/target/test-classes:model-core/target/classes:common-model/target/classes:$(cat model-core/target/test.cp) \
 *   io.profilestream.ml.bench.RetrievalBenchmark items=50000 hidden=100,128 n=20 queries=2000 warmup=2000 \
 *   ef=100,400,1000 luceneIndex=true [graph=COSINE|MAXIMUM_INNER_PRODUCT|EUCLIDEAN] [model=models/VERSION]
 * </pre>
 * The lucene-index variant always wires its graph by the field's similarity (MAXIMUM_INNER_PRODUCT),
 * so compare its latency with {@code graph=MAXIMUM_INNER_PRODUCT}; its recall follows that wiring.
 */
public final class RetrievalBenchmark {

    private RetrievalBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        String[] defaults = {"items", "50000", "hidden", "100,128", "embedding", "64", "n", "20", "queries", "2000",
            "warmup", "2000", "ef", "100,400,1000", "M", "16", "beam", "100", "luceneIndex", "true", "model", "", "graph", "COSINE"};
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i < defaults.length; i += 2) {
            opt.put(defaults[i], defaults[i + 1]);
        }
        for (String a : args) {
            String[] kv = a.split("=", 2);
            if (kv.length != 2 || !opt.containsKey(kv[0])) {
                throw new IllegalArgumentException("unknown option " + a + "; options: " + opt.keySet());
            }
            opt.put(kv[0], kv[1]);
        }
        int items = Integer.parseInt(opt.get("items"));
        int n = Integer.parseInt(opt.get("n"));
        int queries = Integer.parseInt(opt.get("queries"));
        int warmup = Integer.parseInt(opt.get("warmup"));
        System.out.printf("RetrievalBenchmark %s%njava %s, %d cpus, load average at start %.2f%n", opt,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        String model = opt.get("model");
        for (String hs : model.isEmpty() ? opt.get("hidden").split(",") : new String[] {"0"}) {
            LstmWeights w = model.isEmpty()
                    ? TestModels.randomWeights(items, Integer.parseInt(opt.get("embedding")), Integer.parseInt(hs.strip()),
                    1000L + Integer.parseInt(hs.strip()))
                    : trainedWeights(Path.of(model));
            int hidden = w.hiddenSize();
            items = w.items();
            System.out.printf("%nweights: %s%n", model.isEmpty() ? "TestModels.randomWeights (Gaussian)" : "trained model " + model);
            List<float[]> qs = queries(w, warmup + queries, new Random(hidden));
            List<float[]> warm = qs.subList(0, warmup);
            List<float[]> timed = qs.subList(warmup, qs.size());

            long t0 = System.nanoTime();
            String[] efs = opt.get("ef").split(",");
            HnswRetriever built = new HnswRetriever(w, new HnswRetriever.Params(Integer.parseInt(opt.get("M")),
                    Integer.parseInt(opt.get("beam")), Integer.parseInt(efs[0].strip()),
                    VectorSimilarityFunction.valueOf(opt.get("graph")), 42L));
            double buildS = (System.nanoTime() - t0) / 1e9;
            System.out.printf("items %d, hidden %d, n %d: HNSW build %.1f s (M %s, beam %s, graph %s)%n",
                    items, hidden, n, buildS, opt.get("M"), opt.get("beam"), opt.get("graph"));

            float[] scratch = new float[items];
            Function<float[], int[]> exact = h -> exactTop(w, h, n, scratch);
            Histogram exactH = measure(exact, warm, timed);
            print("exact", exactH, Double.NaN);
            ExactRetriever exactRetriever = new ExactRetriever(w);
            Function<float[], int[]> exactR = h -> exactRetriever.top(h, n, j -> false);
            Histogram exactRH = measure(exactR, warm, timed);
            print("ExactRetriev", exactRH, recall(exact, exactR, timed));
            float[] transposed = transpose(w);
            Function<float[], int[]> exactT = h -> exactTopTransposed(w, transposed, h, n, scratch);
            Histogram exactTH = measure(exactT, warm, timed);
            print("exact-transp", exactTH, recall(exact, exactT, timed));
            Histogram hnswH = null;
            for (String ef : efs) {
                HnswRetriever hnsw = built.withEfSearch(Integer.parseInt(ef.strip()));
                Function<float[], int[]> approx = h -> hnsw.top(h, n, j -> false);
                Histogram hh = measure(approx, warm, timed);
                print("hnsw ef " + ef.strip(), hh, recall(exact, approx, timed));
                System.out.printf("ratio p50/p99 exact / hnsw ef %s: %.2f / %.2f; ExactRetriever / hnsw: %.2f / %.2f%n",
                        ef.strip(), ratio(exactH, hh, 50), ratio(exactH, hh, 99), ratio(exactRH, hh, 50), ratio(exactRH, hh, 99));
                hnswH = hnswH == null ? hh : hnswH;
            }
            if (Boolean.parseBoolean(opt.get("luceneIndex"))) {
                t0 = System.nanoTime();
                try (LuceneIndex idx = new LuceneIndex(w, Integer.parseInt(opt.get("M")), Integer.parseInt(opt.get("beam")))) {
                    System.out.printf("lucene index build %.1f s%n", (System.nanoTime() - t0) / 1e9);
                    int ef = Integer.parseInt(efs[0].strip());
                    Function<float[], int[]> lucene = h -> idx.top(h, n, ef);
                    System.out.printf("(lucene-index compared at ef %d)%n", ef);
                    Histogram luceneH = measure(lucene, warm, timed);
                    print("lucene-index", luceneH, recall(exact, lucene, timed));
                    System.out.printf("ratio p50/p99 lucene-index / hnsw: %.2f / %.2f%n",
                            (double) luceneH.getValueAtPercentile(50) / hnswH.getValueAtPercentile(50),
                            (double) luceneH.getValueAtPercentile(99) / hnswH.getValueAtPercentile(99));
                }
            }
        }
        System.out.printf("load average at end %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** The LSTM of an exported version directory, read from its lstm.zip alone (any artifact format). */
    static LstmWeights trainedWeights(Path versionDir) throws IOException {
        Nd4jRuntime.configure();
        return Dl4jLstmNetwork.fromNetwork(ModelSerializer.restoreMultiLayerNetwork(versionDir.resolve("lstm.zip").toFile(), false));
    }

    private static double ratio(Histogram a, Histogram b, double percentile) {
        return (double) a.getValueAtPercentile(percentile) / b.getValueAtPercentile(percentile);
    }

    /** Output weights item-minor ([hidden × items]), so the scoring loop runs over items and vectorises. */
    static float[] transpose(LstmWeights w) {
        int items = w.items();
        int hidden = w.hiddenSize();
        float[] t = new float[items * hidden];
        for (int j = 0; j < items; j++) {
            for (int k = 0; k < hidden; k++) {
                t[k * items + j] = w.outputWeights()[j * hidden + k];
            }
        }
        return t;
    }

    /**
     * Exact scores with the loops swapped: per item the same float operations in the same order as
     * LstmStep.scores (bias, then + h[k]·w[j][k] for k ascending), so bit-identical, but the inner
     * loop is over items with no reduction, which C2 turns into SIMD.
     */
    static int[] exactTopTransposed(LstmWeights w, float[] transposed, float[] h, int n, float[] scores) {
        int items = w.items();
        System.arraycopy(w.outputBias(), 0, scores, 0, items);
        for (int k = 0; k < h.length; k++) {
            float hk = h[k];
            int off = k * items;
            for (int j = 0; j < items; j++) {
                scores[j] += hk * transposed[off + j];
            }
        }
        return selectTop(scores, n);
    }

    /** Hidden outputs after random click sequences of 1..20 items. */
    static List<float[]> queries(LstmWeights w, int count, Random r) {
        List<float[]> out = new ArrayList<>(count);
        for (int q = 0; q < count; q++) {
            State s = new State(new float[w.hiddenSize()], new float[w.hiddenSize()]);
            for (int t = 1 + r.nextInt(20); t > 0; t--) {
                s = LstmStep.step(w, s, r.nextInt(w.items()));
            }
            out.add(s.h());
        }
        return out;
    }

    /** Brute force as a service would do it: every score, then a size-n min-heap (score desc, index asc). */
    static int[] exactTop(LstmWeights w, float[] h, int n, float[] scores) {
        LstmStep.scores(w, h, scores);
        return selectTop(scores, n);
    }

    private static int[] selectTop(float[] scores, int n) {
        int[] heap = new int[n];
        int size = 0;
        for (int j = 0; j < scores.length; j++) {
            if (size < n) {
                heap[size] = j;
                siftUp(heap, size++, scores);
            } else if (scores[j] > scores[heap[0]]) {
                heap[0] = j;
                siftDown(heap, size, scores);
            }
        }
        int[] out = new int[size];
        for (int i = size - 1; i >= 0; i--) {
            out[i] = heap[0];
            heap[0] = heap[i];
            siftDown(heap, i, scores);
        }
        return out;
    }

    /** Heap order: the worst item (lowest score, then highest index) at the root. */
    private static boolean worse(int a, int b, float[] s) {
        return s[a] < s[b] || (s[a] == s[b] && a > b);
    }

    private static void siftUp(int[] heap, int i, float[] s) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!worse(heap[i], heap[parent], s)) {
                return;
            }
            int t = heap[i];
            heap[i] = heap[parent];
            heap[parent] = t;
            i = parent;
        }
    }

    private static void siftDown(int[] heap, int size, float[] s) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int m = i;
            if (l < size && worse(heap[l], heap[m], s)) {
                m = l;
            }
            if (r < size && worse(heap[r], heap[m], s)) {
                m = r;
            }
            if (m == i) {
                return;
            }
            int t = heap[i];
            heap[i] = heap[m];
            heap[m] = t;
            i = m;
        }
    }

    private static Histogram measure(Function<float[], int[]> method, List<float[]> warm, List<float[]> timed) {
        long sink = 0;
        for (float[] h : warm) {
            sink += method.apply(h)[0];
        }
        Histogram hist = new Histogram(3_600_000_000L, 3);
        for (float[] h : timed) {
            long t0 = System.nanoTime();
            int[] r = method.apply(h);
            hist.recordValue((System.nanoTime() - t0) / 1000);
            sink += r[0];
        }
        if (sink == 42) {
            System.out.print("");
        }
        return hist;
    }

    private static double recall(Function<float[], int[]> exact, Function<float[], int[]> approx, List<float[]> qs) {
        double sum = 0;
        for (float[] h : qs) {
            Set<Integer> truth = new HashSet<>();
            for (int j : exact.apply(h)) {
                truth.add(j);
            }
            int hit = 0;
            for (int j : approx.apply(h)) {
                hit += truth.contains(j) ? 1 : 0;
            }
            sum += (double) hit / truth.size();
        }
        return sum / qs.size();
    }

    private static void print(String name, Histogram h, double recall) {
        System.out.printf("%-13s µs/query p50 %6d  p90 %6d  p99 %6d  p99.9 %6d  max %6d  mean %8.1f%s%n", name,
                h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9), h.getMaxValue(), h.getMean(),
                Double.isNaN(recall) ? "" : String.format("  recall@n %.4f", recall));
    }

    /**
     * The alternative design, for the comparison only: one Lucene segment in a ByteBuffersDirectory
     * ({@code KnnFloatVectorField}, MAXIMUM_INNER_PRODUCT, vectors [w_j, b_j]), queried with
     * {@code KnnFloatVectorQuery([h, 1], ef)}, then the best n of the ef by Lucene's score.
     */
    static final class LuceneIndex implements AutoCloseable {
        private final ByteBuffersDirectory dir = new ByteBuffersDirectory();
        private final DirectoryReader reader;
        private final IndexSearcher searcher;
        private final int hidden;

        LuceneIndex(LstmWeights w, int m, int beam) throws IOException {
            hidden = w.hiddenSize();
            IndexWriterConfig cfg = new IndexWriterConfig()
                    .setRAMBufferSizeMB(4096)
                    .setCodec(new org.apache.lucene.codecs.lucene912.Lucene912Codec() {
                        @Override
                        public org.apache.lucene.codecs.KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                            return new org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat(m, beam);
                        }
                    });
            try (IndexWriter writer = new IndexWriter(dir, cfg)) {
                for (int j = 0; j < w.items(); j++) {
                    float[] v = Arrays.copyOf(Arrays.copyOfRange(w.outputWeights(), j * hidden, (j + 1) * hidden), hidden + 1);
                    v[hidden] = w.outputBias()[j];
                    Document d = new Document();
                    d.add(new KnnFloatVectorField("v", v, VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT));
                    writer.addDocument(d);
                }
                writer.forceMerge(1);
            }
            reader = DirectoryReader.open(dir);
            if (reader.leaves().size() != 1) {
                throw new IllegalStateException("expected one segment so that doc id = item index");
            }
            searcher = new IndexSearcher(reader);
        }

        int[] top(float[] h, int n, int ef) {
            float[] q = Arrays.copyOf(h, hidden + 1);
            q[hidden] = 1f;
            try {
                ScoreDoc[] docs = searcher.search(new KnnFloatVectorQuery("v", q, Math.max(n, ef)), n).scoreDocs;
                int[] out = new int[docs.length];
                for (int i = 0; i < docs.length; i++) {
                    out[i] = docs[i].doc;
                }
                return out;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            reader.close();
            dir.close();
        }
    }
}
