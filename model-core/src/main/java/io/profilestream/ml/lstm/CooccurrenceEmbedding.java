package io.profilestream.ml.lstm;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Starting values for the item embedding from session co-occurrence: the top eigenvectors of the
 * items' positive pointwise mutual information (PPMI) matrix, scaled by the square root of their
 * eigenvalues, so that two items' dot product starts near their PPMI (Levy and Goldberg's SVD
 * embeddings, with word2vec's context-distribution smoothing 0.75 applied to both items).
 *
 * <p>Why: the LSTM's embedding is tied (input and output), and on a small catalogue most items are
 * clicked a handful of times, so their rows barely move from a random start. Items that share
 * sessions start near each other instead, which is what V-SKNN exploits for the next NEW item.
 *
 * <p>The eigenvectors come from subspace iteration over the sparse matrix (a few sparse × dense
 * products) with a Rayleigh–Ritz step, so the cost is linear in the co-occurring pairs; only
 * matrices of (size + {@value #OVERSAMPLE})² are decomposed densely (commons-math3).
 */
public final class CooccurrenceEmbedding {

    /** Clicks either side of an item that count as its context. */
    static final int WINDOW = 5;
    static final double SMOOTHING = 0.75;
    private static final int OVERSAMPLE = 10;
    private static final int ITERATIONS = 6;

    private CooccurrenceEmbedding() {
    }

    /**
     * Embedding rows, row-major [items][size], with root-mean-square {@code rms} over the rows that
     * co-occur; items with no co-occurring item get uniform random rows of the same RMS.
     *
     * @param sessions training sessions (vocabulary indexes, oldest first)
     * @param items    vocabulary size
     * @param size     embedding size
     * @param rms      root-mean-square of the returned values
     * @param random   source of the start subspace and of the rows without co-occurrence
     */
    public static float[] of(List<int[]> sessions, int items, int size, double rms, Random random) {
        Sparse ppmi = ppmi(sessions, items);
        int m = Math.min(items, size + OVERSAMPLE);
        double[][] basis = new double[items][m];
        for (double[] row : basis) {
            for (int j = 0; j < m; j++) {
                row[j] = random.nextGaussian();
            }
        }
        basis = orthonormal(basis, m);
        for (int it = 0; it < ITERATIONS; it++) {
            basis = orthonormal(ppmi.times(basis, m), m);
        }
        // Rayleigh–Ritz: the eigenpairs of Qᵀ M Q are the best estimates within the subspace.
        double[][] mq = ppmi.times(basis, m);
        RealMatrix small = new Array2DRowRealMatrix(gram(basis, mq, m), false);
        EigenDecomposition eig = new EigenDecomposition(small);
        Integer[] order = new Integer[m];
        for (int j = 0; j < m; j++) {
            order[j] = j;
        }
        double[] values = eig.getRealEigenvalues();
        java.util.Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        float[] out = new float[items * size];
        double sumSq = 0;
        int kept = Math.min(size, m);
        double[][] vectors = new double[kept][];
        double[] weights = new double[kept];
        for (int k = 0; k < kept; k++) {
            vectors[k] = eig.getEigenvector(order[k]).toArray();
            weights[k] = Math.sqrt(Math.max(0, values[order[k]]));
        }
        int rowsWithData = 0;
        for (int i = 0; i < items; i++) {
            if (!ppmi.hasRow(i)) {
                continue;
            }
            rowsWithData++;
            for (int k = 0; k < kept; k++) {
                double v = 0;
                for (int j = 0; j < m; j++) {
                    v += basis[i][j] * vectors[k][j];
                }
                v *= weights[k];
                out[i * size + k] = (float) v;
                sumSq += v * v;
            }
        }
        double scale = sumSq > 0 ? rms / Math.sqrt(sumSq / ((double) rowsWithData * size)) : 0;
        double limit = rms * Math.sqrt(3); // uniform(-l, l) has RMS l/√3
        for (int i = 0; i < items; i++) {
            boolean data = ppmi.hasRow(i);
            for (int k = 0; k < size; k++) {
                int idx = i * size + k;
                out[idx] = data ? (float) (out[idx] * scale) : (float) ((random.nextDouble() * 2 - 1) * limit);
            }
        }
        return out;
    }

    /** Symmetric PPMI of items within {@link #WINDOW} clicks of each other in a session. */
    static Sparse ppmi(List<int[]> sessions, int items) {
        List<Map<Integer, Double>> counts = new ArrayList<>(items);
        for (int i = 0; i < items; i++) {
            counts.add(null);
        }
        double[] marginal = new double[items];
        double total = 0;
        for (int[] s : sessions) {
            for (int a = 0; a < s.length; a++) {
                for (int b = a + 1; b < s.length && b - a <= WINDOW; b++) {
                    if (s[a] == s[b]) {
                        continue;
                    }
                    add(counts, s[a], s[b]);
                    add(counts, s[b], s[a]);
                    marginal[s[a]]++;
                    marginal[s[b]]++;
                    total += 2;
                }
            }
        }
        double smoothedTotal = 0;
        for (double c : marginal) {
            smoothedTotal += Math.pow(c, SMOOTHING);
        }
        int[][] cols = new int[items][];
        double[][] vals = new double[items][];
        for (int i = 0; i < items; i++) {
            Map<Integer, Double> row = counts.get(i);
            if (row == null) {
                continue;
            }
            int[] c = new int[row.size()];
            double[] v = new double[row.size()];
            int n = 0;
            for (Map.Entry<Integer, Double> e : row.entrySet()) {
                int j = e.getKey();
                // log( P(i,j) / (P_0.75(i) · P_0.75(j)) ): word2vec's smoothed context distribution,
                // on both sides so that the matrix stays symmetric (its eigenvectors are the embedding).
                double pmi = Math.log(e.getValue() / total)
                        - Math.log(Math.pow(marginal[i], SMOOTHING) / smoothedTotal)
                        - Math.log(Math.pow(marginal[j], SMOOTHING) / smoothedTotal);
                if (pmi > 0) {
                    c[n] = j;
                    v[n++] = pmi;
                }
            }
            cols[i] = java.util.Arrays.copyOf(c, n);
            vals[i] = java.util.Arrays.copyOf(v, n);
        }
        return new Sparse(cols, vals);
    }

    private static void add(List<Map<Integer, Double>> counts, int i, int j) {
        Map<Integer, Double> row = counts.get(i);
        if (row == null) {
            row = new HashMap<>();
            counts.set(i, row);
        }
        row.merge(j, 1.0, Double::sum);
    }

    /** Orthonormal columns spanning those of {@code a} (Gram eigen-decomposition, twice for accuracy). */
    static double[][] orthonormal(double[][] a, int m) {
        double[][] q = a;
        for (int pass = 0; pass < 2; pass++) {
            EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(gram(q, q, m), false));
            double[] s = eig.getRealEigenvalues();
            double max = 0;
            for (double v : s) {
                max = Math.max(max, v);
            }
            double[][] w = new double[m][m]; // columns w_k / √s_k; dropped when s_k is ~0 (rank-deficient)
            for (int k = 0; k < m; k++) {
                if (s[k] > max * 1e-12) {
                    double[] vec = eig.getEigenvector(k).toArray();
                    for (int j = 0; j < m; j++) {
                        w[j][k] = vec[j] / Math.sqrt(s[k]);
                    }
                }
            }
            double[][] next = new double[q.length][m];
            for (int i = 0; i < q.length; i++) {
                for (int j = 0; j < m; j++) {
                    double qij = q[i][j];
                    if (qij != 0) {
                        for (int k = 0; k < m; k++) {
                            next[i][k] += qij * w[j][k];
                        }
                    }
                }
            }
            q = next;
        }
        return q;
    }

    /** aᵀ b, [m][m]. */
    private static double[][] gram(double[][] a, double[][] b, int m) {
        double[][] g = new double[m][m];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < m; j++) {
                double aij = a[i][j];
                for (int k = 0; k < m; k++) {
                    g[j][k] += aij * b[i][k];
                }
            }
        }
        return g;
    }

    /** Row-compressed symmetric matrix. */
    static final class Sparse {
        final int[][] cols;
        final double[][] vals;

        Sparse(int[][] cols, double[][] vals) {
            this.cols = cols;
            this.vals = vals;
        }

        boolean hasRow(int i) {
            return cols[i] != null && cols[i].length > 0;
        }

        double[][] times(double[][] dense, int m) {
            double[][] out = new double[cols.length][m];
            for (int i = 0; i < cols.length; i++) {
                if (cols[i] == null) {
                    continue;
                }
                double[] o = out[i];
                for (int n = 0; n < cols[i].length; n++) {
                    double v = vals[i][n];
                    double[] d = dense[cols[i][n]];
                    for (int k = 0; k < m; k++) {
                        o[k] += v * d[k];
                    }
                }
            }
            return out;
        }
    }
}
