package io.profilestream.ml.bench;

import io.profilestream.ml.knn.TrainingSessions;
import io.profilestream.ml.lstm.LstmWeights;
import io.profilestream.ml.serving.ExactRetriever;
import io.profilestream.ml.serving.HybridServingModel;
import io.profilestream.ml.serving.ServingModels;
import java.nio.file.Path;
import java.util.*;

/**
 * Manual measurement behind {@link io.profilestream.ml.serving.PartitionedRetriever}'s design (never
 * run by the build): for an exported model, k-means lists of the output vectors, plain or augmented
 * to {@code [w, b, sqrt(M² − |w|² − b²)]} ({@code aug}), and for each order of reading the lists
 * (an upper bound with the list radius, centroid score plus largest bias, the augmented centroid's
 * score) the share of the exact top 100 that lies in the lists read, for 5-30 % of the catalogue
 * read. Queries are LSTM states after prefixes of the artifact's training sessions. This is an
 * upper bound of the retriever's recall (its int8 pass then picks candidates within those lists).
 *
 * <pre>java --add-modules=jdk.incubator.vector -cp ... io.profilestream.ml.bench.IvfProbe MODEL_DIR LISTS [aug]</pre>
 */
public final class IvfProbe {
    public static void main(String[] args) {
        HybridServingModel m = ServingModels.load(Path.of(args[0]));
        int lists = Integer.parseInt(args[1]);
        boolean aug = args.length > 2 && args[2].equals("aug");
        LstmWeights w = m.artifact().lstm().weights();
        Random r = new Random(42);
        TrainingSessions sessions = m.artifact().trainingSessions().orElseThrow();
        List<float[]> qs = new ArrayList<>();
        for (int q = 0; q < 300; q++) { int[] ss = sessions.session(r.nextInt(sessions.size())); int[] p = Arrays.copyOf(ss, 1 + r.nextInt(ss.length)); qs.add(m.replay(Arrays.stream(p).mapToObj(i -> m.lstm().vocabulary().id(i)).toList()).h()); }
        run(w, qs, lists, aug);
    }

    public static void run(LstmWeights w, List<float[]> qs, int lists, boolean aug) {
        int n = w.items(), d = w.hiddenSize();
        float[] ow = w.outputWeights(), ob = w.outputBias();
        int D = aug ? d + 2 : d;
        float[] x = new float[n * D];
        double M2 = 0;
        for (int j = 0; j < n; j++) { double s = ob[j] * (double) ob[j]; for (int k = 0; k < d; k++) s += ow[j * d + k] * (double) ow[j * d + k]; M2 = Math.max(M2, s); }
        for (int j = 0; j < n; j++) { double s = 0; for (int k = 0; k < d; k++) { x[j * D + k] = ow[j * d + k]; s += ow[j*d+k]*(double)ow[j*d+k]; }
            if (aug) { x[j * D + d] = ob[j]; s += ob[j]*(double)ob[j]; x[j * D + d + 1] = (float) Math.sqrt(Math.max(0, M2 - s)); } }
        Random r = new Random(42);
        int sample = Math.min(n, 10000);
        int[] s = new int[sample];
        for (int i = 0; i < sample; i++) s[i] = r.nextInt(n);
        float[] c = new float[lists * D];
        for (int l = 0; l < lists; l++) System.arraycopy(x, s[r.nextInt(sample)] * D, c, l * D, D);
        long t0 = System.nanoTime();
        for (int it = 0; it < 8; it++) {
            float[] sum = new float[lists * D]; int[] cnt = new int[lists];
            for (int i = 0; i < sample; i++) { int l = nearest(x, s[i] * D, c, lists, D); cnt[l]++; for (int k = 0; k < D; k++) sum[l * D + k] += x[s[i] * D + k]; }
            for (int l = 0; l < lists; l++) if (cnt[l] > 0) for (int k = 0; k < D; k++) c[l * D + k] = sum[l * D + k] / cnt[l];
        }
        int[] assign = new int[n];
        for (int j = 0; j < n; j++) assign[j] = nearest(x, j * D, c, lists, D);
        System.out.printf("items %d lists %d aug %s kmeans %d ms%n", n, lists, aug, (System.nanoTime() - t0) / 1000000);
        float[] rad = new float[lists], maxB = new float[lists]; Arrays.fill(maxB, Float.NEGATIVE_INFINITY);
        int[] size = new int[lists];
        for (int j = 0; j < n; j++) { int l = assign[j]; size[l]++; maxB[l] = Math.max(maxB[l], ob[j]); float dd = 0; for (int k = 0; k < d; k++) { float y = ow[j * d + k] - c[l * D + k]; dd += y * y; } rad[l] = Math.max(rad[l], (float) Math.sqrt(dd)); }
        ExactRetriever exact = new ExactRetriever(w);
        for (String mode : new String[]{"ub", "mean+maxbias", "mean(aug)"}) {
            if (mode.equals("mean(aug)") && !aug) continue;
            StringBuilder line = new StringBuilder(String.format("%-13s", mode));
            for (double frac : new double[]{0.05, 0.1, 0.15, 0.2, 0.3}) {
                double rec = 0;
                for (float[] h : qs) {
                    int[] top = exact.top(h, 100, i -> false);
                    float hn = 0; for (float v : h) hn += v * v; hn = (float) Math.sqrt(hn);
                    Integer[] order = new Integer[lists]; double[] key = new double[lists];
                    for (int l = 0; l < lists; l++) { float dot = 0; for (int k = 0; k < d; k++) dot += h[k] * c[l * D + k];
                        float cb = aug ? c[l * D + d] : 0;
                        key[l] = mode.equals("ub") ? dot + hn * rad[l] + maxB[l] : mode.equals("mean+maxbias") ? dot + maxB[l] : dot + cb; order[l] = l; }
                    Arrays.sort(order, (a, b) -> Double.compare(key[b], key[a]));
                    boolean[] probed = new boolean[lists]; long cnt = 0;
                    for (int o = 0; o < lists && cnt < frac * n; o++) { probed[order[o]] = true; cnt += size[order[o]]; }
                    int hit = 0; for (int j : top) if (probed[assign[j]]) hit++;
                    rec += hit / 100.0;
                }
                line.append(String.format("  %.2f:%.4f", frac, rec / qs.size()));
            }
            System.out.println(line);
        }
    }
    static int nearest(float[] x, int o, float[] c, int lists, int d) {
        int best = 0; float bd = Float.MAX_VALUE;
        for (int l = 0; l < lists; l++) { float dd = 0; int co = l * d; for (int k = 0; k < d; k++) { float y = x[o + k] - c[co + k]; dd += y * y; } if (dd < bd) { bd = dd; best = l; } }
        return best;
    }
}
