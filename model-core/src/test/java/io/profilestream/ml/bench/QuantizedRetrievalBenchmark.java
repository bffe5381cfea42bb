package io.profilestream.ml.bench;

import io.profilestream.ml.lstm.LstmWeights;
import io.profilestream.ml.serving.ExactRetriever;
import io.profilestream.ml.serving.ItemRetriever;
import io.profilestream.ml.serving.QuantizedPaths;
import io.profilestream.ml.serving.PartitionedRetriever;
import io.profilestream.ml.serving.QuantizedRetriever;
import io.profilestream.ml.testing.TestModels;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Manual latency and quality measurement of {@link QuantizedRetriever} against the reference
 * {@link ExactRetriever} (never run by the build: no @Test). For each catalogue, in the same JVM
 * run and on the same queries, it times top-n calls of exact retrieval, the quantized retriever at
 * each oversample factor (Vector API first pass) and, with {@code scalar=true}, at the first
 * factor with the scalar first pass; prints p50 / p90 / p99 per method and the ratios exact /
 * method ({@link PartitionedRetriever} too unless {@code partitioned=false}), then recall@n against exact and the fraction of queries whose whole top-n and top-20
 * lists are identical to exact (same items, same order) for each factor.
 *
 * <p>Catalogues: {@link TestModels#randomWeights} of {@code items × hidden} (Gaussian, seeded by
 * the hidden size), the same with item norms skewed by a factor exp(skew·N(0,1)) per item, and
 * with {@code model=DIR} the trained LSTM of an exported version directory. Queries are LSTM
 * states after random click sequences of 1..20 items ({@link RetrievalBenchmark#queries}).
 * Timing, single thread, one {@code System.nanoTime} pair around one {@code top} call, into an
 * HdrHistogram, after each method was warmed up on its own queries; twice: interleaved (each query
 * runs every method in turn, order rotated, so background load hits all alike, and exact's 25 MB
 * scan evicts the int8 copy: a cold-cache view) and back to back (one method over all queries,
 * then the next). Only ratios from the same run are comparable. The back-to-back loop also
 * reports the bytes the thread allocated per query (HotSpot's {@code getThreadAllocatedBytes},
 * which also counts the histogram's and the caller's few bytes).
 *
 * <p>Usage (from /work/main, after {@code mvn -B -q -o -pl model-core test-compile}):
 * <pre>
 * mvn -B -q -o -pl model-core dependency:build-classpath -Dmdep.outputFile=target/test.cp -Dmdep.includeScope=test
 * java --add-modules=jdk.incubator.vector -cp model-core/target/test-classes:model-core/target/classes:$(cat model-core/target/test.cp) \
 *   io.profilestream.ml.bench.QuantizedRetrievalBenchmark [items=50000] [hidden=128] [n=100] [oversample=4,2] \
 *   [queries=2000] [warmup=2000] [skew=2.0] [scalar=true] [partitioned=true] [model=models/VERSION]
 * </pre>
 * Without {@code --add-modules=jdk.incubator.vector} every quantized row measures the scalar pass.
 */
public final class QuantizedRetrievalBenchmark {

    /** Whether to measure {@link PartitionedRetriever} (default parameters) as well. */
    private static boolean partitioned;

    private QuantizedRetrievalBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        String[] defaults = {"items", "50000", "hidden", "128", "embedding", "64", "n", "100", "oversample", "4,2",
            "queries", "2000", "warmup", "2000", "skew", "2.0", "scalar", "true", "partitioned", "true", "model", ""};
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
        int hidden = Integer.parseInt(opt.get("hidden"));
        int n = Integer.parseInt(opt.get("n"));
        int[] oversample = Arrays.stream(opt.get("oversample").split(",")).map(String::strip).mapToInt(Integer::parseInt)
                .toArray();
        boolean scalar = Boolean.parseBoolean(opt.get("scalar"));
        partitioned = Boolean.parseBoolean(opt.get("partitioned"));
        int queries = Integer.parseInt(opt.get("queries"));
        int warmup = Integer.parseInt(opt.get("warmup"));
        System.out.printf("QuantizedRetrievalBenchmark %s%njava %s, %d cpus, vector API first pass: %s, load average at start %.2f%n",
                opt, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                QuantizedRetriever.VECTORISED, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        LstmWeights random = TestModels.randomWeights(items, Integer.parseInt(opt.get("embedding")), hidden, 1000L + hidden);
        run("random Gaussian", random, n, oversample, scalar, warmup, queries);
        run("random, norms skewed exp(" + opt.get("skew") + "·N)", skewed(random, Double.parseDouble(opt.get("skew")), 7L),
                n, oversample, scalar, warmup, queries);
        if (!opt.get("model").isEmpty()) {
            run("trained " + opt.get("model"), RetrievalBenchmark.trainedWeights(Path.of(opt.get("model"))), n, oversample,
                    scalar, warmup, queries);
        }
        System.out.printf("%nload average at end %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static void run(String label, LstmWeights w, int n, int[] oversample, boolean scalar, int warmup,
                            int queries) {
        long t0 = System.nanoTime();
        QuantizedRetriever quantized = new QuantizedRetriever(w, oversample[0]);
        double buildMs = (System.nanoTime() - t0) / 1e6;
        System.out.printf("%n%s: %d items × hidden %d, top %d; quantized in %.0f ms, %.1f MB (floats %.1f MB)%n",
                label, w.items(), w.hiddenSize(), n, buildMs, quantized.quantizedBytes() / 1e6,
                4.0 * w.items() * (w.hiddenSize() + 1) / 1e6);
        List<float[]> qs = RetrievalBenchmark.queries(w, warmup + queries, new Random(w.hiddenSize()));
        List<float[]> warm = qs.subList(0, warmup);
        List<float[]> timed = qs.subList(warmup, qs.size());
        List<ItemRetriever> methods = new ArrayList<>(List.of(new ExactRetriever(w)));
        List<String> names = new ArrayList<>(List.of("exact"));
        for (int factor : oversample) {
            methods.add(quantized.withOversample(factor));
            names.add("quantized x" + factor);
        }
        int partitionedAt = -1;
        if (partitioned) {
            long p0 = System.nanoTime();
            PartitionedRetriever ivf = new PartitionedRetriever(w);
            System.out.printf("partitioned: %d lists, %.0f %% read, built in %.0f ms%n", ivf.lists(),
                    100 * ivf.params().probeShare(), (System.nanoTime() - p0) / 1e6);
            partitionedAt = methods.size();
            methods.add(ivf);
            names.add("partitioned x" + ivf.params().oversample());
        }
        if (scalar) {
            methods.add(QuantizedPaths.scalar(w, oversample[0]));
            names.add("q-scalar x" + oversample[0]);
        }

        long sink = 0;
        for (ItemRetriever m : methods) {
            for (float[] h : warm) {
                sink += first(m.top(h, n, j -> false));
            }
        }
        // Interleaved: each query runs every method in turn, so exact retrieval's 25 MB scan evicts
        // the int8 copy from cache before the quantized call (a pessimistic, cold-cache view).
        Histogram[] mixed = histograms(methods.size());
        for (int q = 0; q < timed.size(); q++) {
            float[] h = timed.get(q);
            for (int s = 0; s < methods.size(); s++) {
                int i = (q + s) % methods.size();
                sink += time(methods.get(i), h, n, mixed[i]);
            }
        }
        System.out.println("interleaved per query (cold cache for the quantized copy):");
        report(names, mixed);
        // Back to back: one method over all timed queries, then the next, as in a server that only
        // runs that method (its data stays as warm as the rest of the process lets it).
        Histogram[] alone = histograms(methods.size());
        long[] allocated = new long[methods.size()];
        for (int i = 0; i < methods.size(); i++) {
            long before = allocatedBytes();
            for (float[] h : timed) {
                sink += time(methods.get(i), h, n, alone[i]);
            }
            allocated[i] = allocatedBytes() - before;
        }
        System.out.println("back to back, one method at a time:");
        report(names, alone);
        for (int i = 0; i < methods.size(); i++) {
            // Includes the caller's lambda and the returned int[n] (~16 + 4·n bytes).
            System.out.printf("  %-14s allocated bytes/query %10.0f%n", names.get(i), (double) allocated[i] / timed.size());
        }
        for (int i = 1; i <= oversample.length; i++) {
            quality(names.get(i), methods.get(0), methods.get(i), timed, n);
        }
        if (partitionedAt > 0) {
            quality(names.get(partitionedAt), methods.get(0), methods.get(partitionedAt), timed, n);
        }
        if (sink == 42) {
            System.out.print("");
        }
    }

    /** Bytes this thread allocated so far (HotSpot's ThreadMXBean; -1 when unsupported). */
    private static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t) {
            return t.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }

    private static Histogram[] histograms(int count) {
        Histogram[] out = new Histogram[count];
        for (int i = 0; i < count; i++) {
            out[i] = new Histogram(3_600_000_000_000L, 3);
        }
        return out;
    }

    private static int time(ItemRetriever method, float[] h, int n, Histogram into) {
        long a = System.nanoTime();
        int[] r = method.top(h, n, j -> false);
        into.recordValue(System.nanoTime() - a);
        return first(r);
    }

    private static void report(List<String> names, Histogram[] hist) {
        for (int i = 0; i < hist.length; i++) {
            print(names.get(i), hist[i]);
        }
        for (int i = 1; i < hist.length; i++) {
            System.out.printf("  ratio exact / %s: p50 %.2f, p99 %.2f%n", names.get(i), ratio(hist[0], hist[i], 50),
                    ratio(hist[0], hist[i], 99));
        }
    }

    /** Recall@n and identical-list fractions of quantized against exact, over the timed queries. */
    private static void quality(String name, ItemRetriever exact, ItemRetriever quantized, List<float[]> qs, int n) {
        long hits = 0;
        long wanted = 0;
        int identical = 0;
        int identical20 = 0;
        for (float[] h : qs) {
            int[] truth = exact.top(h, n, j -> false);
            int[] got = quantized.top(h, n, j -> false);
            int[] sorted = truth.clone();
            Arrays.sort(sorted);
            for (int j : got) {
                hits += Arrays.binarySearch(sorted, j) >= 0 ? 1 : 0;
            }
            wanted += truth.length;
            identical += Arrays.equals(truth, got) ? 1 : 0;
            identical20 += Arrays.equals(exact.top(h, 20, j -> false), quantized.top(h, 20, j -> false)) ? 1 : 0;
        }
        System.out.printf("%s vs exact over %d queries: recall@%d %.5f (%d of %d), identical top-%d %.4f, identical top-20 %.4f%n",
                name, qs.size(), n, (double) hits / wanted, hits, wanted, n, (double) identical / qs.size(), (double) identical20 / qs.size());
    }

    private static int first(int[] r) {
        return r.length == 0 ? 0 : r[0];
    }

    private static double ratio(Histogram a, Histogram b, double percentile) {
        return (double) a.getValueAtPercentile(percentile) / b.getValueAtPercentile(percentile);
    }

    private static void print(String name, Histogram h) {
        System.out.printf("  %-14s µs/query p50 %8.1f  p90 %8.1f  p99 %8.1f  max %8.1f  mean %8.1f%n", name,
                h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getMaxValue() / 1e3, h.getMean() / 1e3);
    }

    /** {@code base} with item j's output row and bias scaled by exp(sigma·N(0,1)). */
    private static LstmWeights skewed(LstmWeights base, double sigma, long seed) {
        Random r = new Random(seed);
        int hidden = base.hiddenSize();
        float[] out = base.outputWeights().clone();
        float[] bias = base.outputBias().clone();
        for (int j = 0; j < base.items(); j++) {
            float f = (float) Math.exp(sigma * r.nextGaussian());
            for (int k = 0; k < hidden; k++) {
                out[j * hidden + k] *= f;
            }
            bias[j] *= f;
        }
        return new LstmWeights(base.items(), base.embeddingSize(), hidden, base.embedding(), base.inputWeights(),
                base.recurrentWeights(), base.bias(), out, bias);
    }
}
