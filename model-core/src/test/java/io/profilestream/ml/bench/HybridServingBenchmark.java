package io.profilestream.ml.bench;

import io.profilestream.ml.hybrid.HybridRanker;
import io.profilestream.ml.hybrid.PrefixSignals;
import io.profilestream.ml.knn.TrainingSessions;
import io.profilestream.ml.lstm.LstmStep;
import io.profilestream.ml.lstm.LstmWeights;
import io.profilestream.ml.lstm.LstmNextItemModel;
import io.profilestream.ml.serving.HybridServingModel;
import io.profilestream.ml.serving.ServingModel.Query;
import io.profilestream.ml.serving.ServingModels;
import io.profilestream.ml.testing.TestModels;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Per-request cost of {@link HybridServingModel#recommend} on one thread over a synthetic catalogue
 * (run by hand, not a test): random LSTM weights, skewed synthetic training sessions, a tiny MLP.
 * Prints percentiles of (a) exact LSTM retrieval of the top-N alone and (b) the whole recommend.
 *
 * <pre>java -cp ... io.profilestream.ml.bench.HybridServingBenchmark [items=50000] [sessions=300000] [hidden=100] [requests=5000]</pre>
 */
public final class HybridServingBenchmark {

    private HybridServingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int sessionCount = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
        int hidden = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int requests = args.length > 3 ? Integer.parseInt(args[3]) : 5_000;
        Random r = new Random(1);
        int[][] sessions = new int[sessionCount][];
        for (int s = 0; s < sessionCount; s++) {
            int[] clicks = new int[2 + r.nextInt(7)];
            // Popularity skew: a few items start many sessions, so some posting lists are long.
            clicks[0] = (int) (items * Math.pow(r.nextDouble(), 3));
            for (int p = 1; p < clicks.length; p++) {
                clicks[p] = r.nextInt(4) == 0 ? (int) (items * Math.pow(r.nextDouble(), 3))
                        : (clicks[p - 1] + 1 + r.nextInt(5)) % items;
            }
            sessions[s] = clicks;
        }
        Path dir = Files.createTempDirectory("hybrid-bench");
        long t0 = System.nanoTime();
        LstmNextItemModel lstm = new LstmNextItemModel(TestModels.vocabulary(items),
                TestModels.randomWeights(items, hidden, hidden, 1L));
        Path model = TestModels.exportHybrid(dir, "bench", lstm, TrainingSessions.ordered(items, sessions), 1L);
        long t1 = System.nanoTime();
        HybridServingModel m = ServingModels.load(model);
        long t2 = System.nanoTime();
        System.out.printf("export %.1f s, load (incl. kNN index) %.1f s; %d items, %d sessions, hidden %d%n",
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, items, sessionCount, hidden);

        List<List<String>> queries = new ArrayList<>();
        for (int q = 0; q < 1000; q++) {
            int[] s = sessions[r.nextInt(sessionCount)];
            int len = 1 + r.nextInt(s.length);
            List<String> ids = new ArrayList<>();
            for (int p = 0; p < len; p++) {
                ids.add("item-" + s[p]);
            }
            queries.add(ids);
        }
        List<Query> prepared = queries.stream().map(ids -> new Query(m.replay(ids), ids, 20,
                Set.of("item-" + r.nextInt(items)))).toList();
        for (int w = 0; w < 2_000; w++) {
            m.recommend(prepared.get(w % prepared.size()));
        }
        long[] retrieval = new long[requests];
        long[] knn = new long[requests];
        long[] rank = new long[requests];
        long[] total = new long[requests];
        HybridRanker hybrid = m.hybridRanker().orElseThrow();
        LstmWeights w = m.artifact().lstm().weights();
        for (int i = 0; i < requests; i++) {
            Query q = prepared.get(i % prepared.size());
            float[] h = q.state().h();
            int[] prefix = q.sessionItems().stream().mapToInt(id -> Integer.parseInt(id.substring(5))).toArray();
            long a = System.nanoTime();
            int[] top = m.retriever().top(h, 100, x -> false);
            long b = System.nanoTime();
            PrefixSignals ps = hybrid.signals().compute(prefix, prefix.length, item -> LstmStep.score(w, h, item), top);
            long c = System.nanoTime();
            hybrid.rank(ps);
            long d = System.nanoTime();
            m.recommend(q);
            long e = System.nanoTime();
            retrieval[i] = b - a;
            knn[i] = c - b;
            rank[i] = d - c;
            total[i] = e - d;
        }
        print("exact retrieval top-100", retrieval);
        print("kNN signals", knn);
        print("features + MLP", rank);
        print("recommend (lstm+mlp, exact)", total);
    }

    private static void print(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf("%-30s p50 %6.0f µs  p90 %6.0f µs  p99 %6.0f µs  mean %6.0f µs%n", what,
                s[s.length / 2] / 1e3, s[(int) (s.length * 0.9)] / 1e3, s[(int) (s.length * 0.99)] / 1e3,
                Arrays.stream(s).average().orElse(0) / 1e3);
    }
}
