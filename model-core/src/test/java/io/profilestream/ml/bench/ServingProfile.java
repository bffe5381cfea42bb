package io.profilestream.ml.bench;

import io.profilestream.ml.hybrid.HybridRanker;
import io.profilestream.ml.hybrid.PrefixSignals;
import io.profilestream.ml.knn.TrainingSessions;
import io.profilestream.ml.lstm.LstmStep;
import io.profilestream.ml.lstm.LstmWeights;
import io.profilestream.ml.serving.HybridServingModel;
import io.profilestream.ml.serving.QuantizedRetriever;
import io.profilestream.ml.serving.ServingModel.Query;
import io.profilestream.ml.serving.ServingModels;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Where a recommendation's time goes for a REAL exported model (run by hand, not a test): queries
 * are prefixes of the artifact's own training sessions, states replayed with its LSTM. Prints
 * per-stage percentiles on one thread, measured in the same run.
 *
 * <pre>java --add-modules=jdk.incubator.vector -cp ... io.profilestream.ml.bench.ServingProfile MODEL_DIR [requests=3000] [retriever=quantized|exact] [k=20]</pre>
 *
 * <p>{@code k} 100 is what the recommender asks for on a ranked-list cache miss (the cache's depth).
 */
public final class ServingProfile {

    private ServingProfile() {
    }

    public static void main(String[] args) {
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        boolean exact = args.length > 2 && "exact".equals(args[2]);
        int k = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        HybridServingModel m = exact ? ServingModels.load(Path.of(args[0]))
                : ServingModels.load(Path.of(args[0]), QuantizedRetriever::new);
        TrainingSessions sessions = m.artifact().trainingSessions().orElseThrow();
        Random r = new Random(1);
        List<int[]> prefixes = new ArrayList<>();
        List<Query> queries = new ArrayList<>();
        for (int q = 0; q < 1000; q++) {
            int[] s = sessions.session(r.nextInt(sessions.size()));
            int[] prefix = Arrays.copyOf(s, 1 + r.nextInt(s.length));
            List<String> ids = Arrays.stream(prefix).mapToObj(i -> m.lstm().vocabulary().id(i)).toList();
            prefixes.add(prefix);
            queries.add(new Query(m.replay(ids), ids, k, Set.of()));
        }
        HybridRanker hybrid = m.hybridRanker().orElseThrow();
        LstmWeights w = m.artifact().lstm().weights();
        for (int i = 0; i < 3000; i++) {
            m.recommend(queries.get(i % queries.size()));
        }
        long[][] t = new long[4][requests];
        for (int i = 0; i < requests; i++) {
            Query q = queries.get(i % queries.size());
            int[] prefix = prefixes.get(i % prefixes.size());
            float[] h = q.state().h();
            long a = System.nanoTime();
            int[] top = m.retriever().top(h, hybrid.signals().topN(), x -> false);
            long b = System.nanoTime();
            PrefixSignals ps = hybrid.signals().compute(prefix, prefix.length, item -> LstmStep.score(w, h, item), top);
            long c = System.nanoTime();
            hybrid.rank(ps);
            long d = System.nanoTime();
            m.recommend(q);
            long e = System.nanoTime();
            t[0][i] = b - a;
            t[1][i] = c - b;
            t[2][i] = d - c;
            t[3][i] = e - d;
        }
        System.out.printf("model %s: %d items, hidden %d, %d training sessions%n", m.version(),
                m.lstm().vocabulary().size(), m.lstm().hiddenSize(), sessions.size());
        String[] names = {"retrieval top-" + hybrid.signals().topN() + " (" + m.retriever().name() + ")",
                "kNN signals", "features + MLP", "recommend(k=" + k + ") total"};
        for (int s = 0; s < 4; s++) {
            long[] x = t[s].clone();
            Arrays.sort(x);
            System.out.printf("%-32s p50 %7.0f µs  p90 %7.0f µs  p99 %7.0f µs%n", names[s], x[x.length / 2] / 1e3,
                    x[(int) (x.length * 0.9)] / 1e3, x[(int) (x.length * 0.99)] / 1e3);
        }
    }
}
