package io.profilestream.ml.bench;

import io.profilestream.ml.NextClickMetrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compact V-SKNN (Ludewig &amp; Jannach: k=100 neighbours from the 500 most recent sessions sharing
 * an item, linear position decay on the current session, cosine-like similarity) only to put the
 * LSTM's numbers in context during manual runs; {@code io.profilestream.ml.knn.VSkNN} is the reference.
 */
final class QuickVsknn {

    private QuickVsknn() {
    }

    static NextClickMetrics evaluate(List<int[]> train, List<int[]> test, int items, int k) {
        Map<Integer, List<Integer>> sessionsOf = new HashMap<>();
        List<Set<Integer>> sets = new ArrayList<>();
        for (int s = 0; s < train.size(); s++) {
            Set<Integer> set = new HashSet<>();
            for (int it : train.get(s)) {
                set.add(it);
            }
            sets.add(set);
            for (int it : set) {
                sessionsOf.computeIfAbsent(it, x -> new ArrayList<>()).add(s);
            }
        }
        float[] scores = new float[items];
        long n = 0;
        double hits = 0;
        double rr = 0;
        for (int[] session : test) {
            for (int i = 0; i + 1 < session.length; i++) {
                Map<Integer, Double> weight = new HashMap<>();
                for (int p = 0; p <= i; p++) {
                    weight.merge(session[p], (double) (p + 1) / (i + 1), Math::max);
                }
                Map<Integer, Double> sim = new HashMap<>();
                for (Map.Entry<Integer, Double> e : weight.entrySet()) {
                    List<Integer> ss = sessionsOf.getOrDefault(e.getKey(), List.of());
                    for (int j = Math.max(0, ss.size() - 500); j < ss.size(); j++) {
                        sim.merge(ss.get(j), e.getValue(), Double::sum);
                    }
                }
                java.util.Arrays.fill(scores, 0f);
                sim.entrySet().stream()
                        .map(e -> Map.entry(e.getKey(), e.getValue() / Math.sqrt((double) weight.size() * sets.get(e.getKey()).size())))
                        .sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).limit(100)
                        .forEach(e -> {
                            for (int it : sets.get(e.getKey())) {
                                scores[it] += e.getValue().floatValue();
                            }
                        });
                double rank = NextClickMetrics.rank(scores, session[i + 1]);
                n++;
                if (rank <= k) {
                    hits++;
                    rr += 1.0 / rank;
                }
            }
        }
        return new NextClickMetrics(hits / n, rr / n, n);
    }
}
