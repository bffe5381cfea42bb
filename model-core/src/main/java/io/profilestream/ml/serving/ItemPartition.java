package io.profilestream.ml.serving;

import io.profilestream.ml.lstm.LstmWeights;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The catalogue split into lists of items that score alike, laid out for
 * {@link PartitionedRetriever}: list l occupies positions {@code [start[l], start[l + 1])}, a run of
 * whole groups ({@code groupSize} positions) with padding (-1) at its end.
 *
 * <p>The lists are k-means clusters (squared Euclidean distance) of each item's output vector
 * augmented to {@code [w_j, b_j, sqrt(M² − |w_j|² − b_j²)]}, M the largest {@code |[w_j, b_j]|}:
 * every augmented vector then has norm M, and the query {@code [h, 1, 0]} has the same inner product
 * with it as the LSTM score, so the item with the best score is the nearest one (the reduction
 * of maximum inner product search to nearest neighbours, Bachrach et al. 2014). Clustering the
 * plain {@code w_j} instead ignores the bias: on a catalogue whose popularity biases spread more
 * than the inner products (a trained model's usual case), the best items lie in every list: the
 * lists making up 15 % of the catalogue held 0.31 of the exact top 100; augmented, 0.995 (5,000
 * items in 40 topics; 0.994 on the online benchmark's 50,000-item model for session-prefix
 * queries; {@code IvfProbe} in the test sources).
 *
 * <p>A list is read in the order of {@link #priority}: the score of its centroid's {@code w} part
 * plus its largest bias. That order beat an upper bound with the list's radius
 * ({@code h·c + |h|·r + B}, too loose to rank by) and the augmented centroid's own score on the
 * catalogues measured (IvfProbe in the test sources).
 *
 * <p>Deterministic for a seed: a model version always gets the same lists. Immutable.
 */
final class ItemPartition {

    /** Lloyd iterations over the sample. */
    static final int ITERATIONS = 8;
    /** Items the centroids are fitted on at most; every item is assigned afterwards. */
    static final int SAMPLE = 10_000;

    final int lists;
    final int hidden;
    /** Item at each position, -1 for padding. */
    final int[] rows;
    /** {@code lists + 1} position boundaries, each a multiple of the group size. */
    final int[] start;
    /** Items in each list (padding excluded). */
    final int[] size;
    /** [lists][hidden]: the {@code w} part of each list's centroid. */
    final float[] centroids;
    /** Largest bias of a member; -∞ for an empty list, +∞ for the list of non-finite rows. */
    final float[] maxBias;

    private ItemPartition(int lists, int hidden, int[] rows, int[] start, int[] size, float[] centroids,
                          float[] maxBias) {
        this.lists = lists;
        this.hidden = hidden;
        this.rows = rows;
        this.start = start;
        this.size = size;
        this.centroids = centroids;
        this.maxBias = maxBias;
    }

    /**
     * Clusters the items of {@code w} into {@code lists} lists: k-means++ seeding, then
     * {@link #ITERATIONS} Lloyd iterations on a sample of at most {@link #SAMPLE} items, then
     * every item goes to its nearest centroid. Rows with a non-finite value or bias are kept apart in
     * a list of their own whose priority is +∞, so they are always read.
     *
     * @param groupSize positions per group of the scan: each list is padded to a multiple of it
     */
    static ItemPartition fit(LstmWeights w, int lists, int groupSize, long seed) {
        int items = w.items();
        int hidden = w.hiddenSize();
        if (lists < 1 || lists > items) {
            throw new IllegalArgumentException("lists must be in 1.." + items + ", was " + lists);
        }
        int dims = hidden + 2;
        float[] x = augmented(w);
        boolean[] finite = new boolean[items];
        int finiteCount = 0;
        for (int j = 0; j < items; j++) {
            boolean ok = true;
            for (int k = j * dims; k < (j + 1) * dims; k++) {
                ok &= Math.abs(x[k]) <= Float.MAX_VALUE;
            }
            finite[j] = ok;
            finiteCount += ok ? 1 : 0;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] sample = sample(finite, finiteCount, Math.min(SAMPLE, finiteCount), random);
        int k = Math.max(1, Math.min(lists, sample.length));
        float[] c = seed(x, dims, sample, k, random);
        for (int it = 0; it < ITERATIONS; it++) {
            float[] sum = new float[k * dims];
            int[] count = new int[k];
            for (int j : sample) {
                int l = nearest(x, j * dims, c, k, dims);
                count[l]++;
                for (int d = 0; d < dims; d++) {
                    sum[l * dims + d] += x[j * dims + d];
                }
            }
            for (int l = 0; l < k; l++) {
                if (count[l] > 0) {
                    for (int d = 0; d < dims; d++) {
                        c[l * dims + d] = sum[l * dims + d] / count[l];
                    }
                }
            }
        }
        // Lists 0..k-1 by nearest centroid; list k holds the non-finite rows, if any.
        int total = finiteCount == items ? k : k + 1;
        int[] list = new int[items];
        int[] size = new int[total];
        for (int j = 0; j < items; j++) {
            list[j] = finite[j] ? nearest(x, j * dims, c, k, dims) : k;
            size[list[j]]++;
        }
        int[] start = new int[total + 1];
        for (int l = 0; l < total; l++) {
            start[l + 1] = start[l] + (size[l] + groupSize - 1) / groupSize * groupSize;
        }
        int[] rows = new int[start[total]];
        Arrays.fill(rows, -1);
        int[] next = Arrays.copyOf(start, total);
        float[] maxBias = new float[total];
        Arrays.fill(maxBias, Float.NEGATIVE_INFINITY);
        float[] ob = w.outputBias();
        for (int j = 0; j < items; j++) {
            int l = list[j];
            rows[next[l]++] = j;
            maxBias[l] = l == k ? Float.POSITIVE_INFINITY : Math.max(maxBias[l], ob[j]);
        }
        float[] centroids = new float[total * hidden];
        for (int l = 0; l < k; l++) {
            System.arraycopy(c, l * dims, centroids, l * hidden, hidden);
        }
        return new ItemPartition(total, hidden, rows, start, size, centroids, maxBias);
    }

    /**
     * The order lists are read in: {@code h·c_l + B_l}, higher first; +∞ for the list of
     * non-finite rows, -∞ for an empty one.
     */
    float priority(float[] h, int l) {
        if (maxBias[l] == Float.POSITIVE_INFINITY || maxBias[l] == Float.NEGATIVE_INFINITY) {
            return maxBias[l];
        }
        float dot = 0f;
        int o = l * hidden;
        for (int d = 0; d < hidden; d++) {
            dot += h[d] * centroids[o + d];
        }
        return dot + maxBias[l];
    }

    /**
     * {@code [w_j, b_j, sqrt(M² − |w_j|² − b_j²)]} per item, row after row; rows with a non-finite
     * value keep it (they are set apart) and do not count towards M.
     */
    private static float[] augmented(LstmWeights w) {
        int items = w.items();
        int hidden = w.hiddenSize();
        int dims = hidden + 2;
        float[] ow = w.outputWeights();
        float[] ob = w.outputBias();
        double[] squared = new double[items];
        double max = 0;
        for (int j = 0; j < items; j++) {
            double s = (double) ob[j] * ob[j];
            for (int k = j * hidden; k < (j + 1) * hidden; k++) {
                s += (double) ow[k] * ow[k];
            }
            squared[j] = s;
            if (s <= Double.MAX_VALUE) {
                max = Math.max(max, s);
            }
        }
        float[] x = new float[items * dims];
        for (int j = 0; j < items; j++) {
            System.arraycopy(ow, j * hidden, x, j * dims, hidden);
            x[j * dims + hidden] = ob[j];
            x[j * dims + hidden + 1] = squared[j] <= Double.MAX_VALUE ? (float) Math.sqrt(Math.max(0, max - squared[j]))
                    : Float.NaN;
        }
        return x;
    }

    /** Positions held, padding included. */
    int positions() {
        return rows.length;
    }

    private static int[] sample(boolean[] finite, int finiteCount, int n, SplittableRandom random) {
        int[] all = new int[finiteCount];
        int i = 0;
        for (int j = 0; j < finite.length; j++) {
            if (finite[j]) {
                all[i++] = j;
            }
        }
        // Partial Fisher-Yates: the first n of a random permutation.
        for (int s = 0; s < n; s++) {
            int r = s + random.nextInt(all.length - s);
            int t = all[s];
            all[s] = all[r];
            all[r] = t;
        }
        int[] out = Arrays.copyOf(all, n);
        Arrays.sort(out);
        return out;
    }

    /** k-means++: each next centroid is a sample item drawn with probability ∝ its squared distance to the nearest so far. */
    private static float[] seed(float[] ow, int hidden, int[] sample, int k, SplittableRandom random) {
        float[] c = new float[k * hidden];
        if (sample.length == 0) {
            return c;
        }
        System.arraycopy(ow, sample[random.nextInt(sample.length)] * hidden, c, 0, hidden);
        double[] nearest = new double[sample.length];
        Arrays.fill(nearest, Double.MAX_VALUE);
        for (int l = 1; l < k; l++) {
            double total = 0;
            for (int i = 0; i < sample.length; i++) {
                nearest[i] = Math.min(nearest[i], distance(ow, sample[i] * hidden, c, (l - 1) * hidden, hidden));
                total += nearest[i];
            }
            int pick = sample.length - 1;
            double target = random.nextDouble() * total;
            for (int i = 0; i < sample.length; i++) {
                target -= nearest[i];
                if (target < 0) {
                    pick = i;
                    break;
                }
            }
            System.arraycopy(ow, sample[pick] * hidden, c, l * hidden, hidden);
        }
        return c;
    }

    private static int nearest(float[] ow, int row, float[] c, int k, int hidden) {
        int best = 0;
        double bestDistance = Double.MAX_VALUE;
        for (int l = 0; l < k; l++) {
            double d = distance(ow, row, c, l * hidden, hidden);
            if (d < bestDistance) {
                bestDistance = d;
                best = l;
            }
        }
        return best;
    }

    private static double distance(float[] a, int ao, float[] b, int bo, int n) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int d = 0;
        for (; d + 4 <= n; d += 4) {
            float x0 = a[ao + d] - b[bo + d];
            float x1 = a[ao + d + 1] - b[bo + d + 1];
            float x2 = a[ao + d + 2] - b[bo + d + 2];
            float x3 = a[ao + d + 3] - b[bo + d + 3];
            s0 += x0 * x0;
            s1 += x1 * x1;
            s2 += x2 * x2;
            s3 += x3 * x3;
        }
        for (; d < n; d++) {
            float x = a[ao + d] - b[bo + d];
            s0 += x * x;
        }
        return (double) s0 + s1 + s2 + s3;
    }
}
