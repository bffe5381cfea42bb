package io.profilestream.ml.lstm;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Starting values for the item embedding from session co-occurrence: the leading eigenvectors of
 * the items' positive pointwise mutual information (PPMI) matrix, scaled by the square root of
 * their eigenvalues, so that two items' dot product starts near a rank-{@code size} approximation
 * of their PPMI (Levy and Goldberg's SVD embedding, with word2vec's context-distribution smoothing
 * 0.75 applied to both items so that the matrix is symmetric).
 *
 * <p>Why: the LSTM's embedding is tied (input and output), and on a small catalogue most items are
 * clicked a handful of times, so their rows barely move from a random start. Items that share
 * sessions start near each other instead, which is what V-SKNN exploits for the next NEW item
 * (docs/BENCHMARKS.md, "The embedding's co-occurrence start").
 *
 * <p>The eigenvectors come from subspace iteration (sparse × dense products), which finds the
 * eigenvalues of largest magnitude, and a Rayleigh–Ritz step; only the positive ones have a
 * dot-product form, so a dimension whose Ritz value is not positive starts at 0 (on the
 * Diginetica, REES46 and Taobao samples all 110 leading Ritz values were positive). Time is
 * O(pairs·m + items·m²) with m = size + {@value #OVERSAMPLE}, and the heap needs about
 * 4 × items × m doubles (Taobao's 46,900 items at size 100: 165 MB; 1 M items: 3.5 GB).
 */
public final class CooccurrenceEmbedding {

    /** Clicks either side of an item that count as its context (word2vec's usual window). */
    static final int WINDOW = 5;
    /** word2vec's exponent for the context distribution: damps the PMI of pairs with rare items. */
    static final double SMOOTHING = 0.75;
    /** Extra columns in the iterated subspace: the last few converge slowest, and are dropped. */
    private static final int OVERSAMPLE = 10;
    /** Enough on the three samples: the leading Ritz values there are well separated by then. */
    private static final int ITERATIONS = 6;

    private CooccurrenceEmbedding() {
    }

    /**
     * Overwrites the rows of the items that have a positive PPMI with some other item with their
     * co-occurrence start, scaled so that those rows' root-mean-square is {@code rms}; the other
     * rows (items the sessions say nothing about) keep the values they have.
     *
     * @param sessions training sessions (vocabulary indexes, oldest first)
     * @param items    vocabulary size
     * @param size     embedding size
     * @param rms      root-mean-square of the written values, &gt; 0
     * @param random   source of the start subspace
     * @param rows     embedding, row-major [items][size]
     * @return the number of rows written
     */
    public static int overwrite(List<int[]> sessions, int items, int size, double rms, Random random, float[] rows) {
        if (rows.length != items * size || !(rms > 0)) {
            throw new IllegalArgumentException("expected " + items + " × " + size + " rows and rms > 0, got "
                    + rows.length + " values and rms " + rms);
        }
        Sparse ppmi = ppmi(sessions, items);
        int written = 0;
        for (int i = 0; i < items; i++) {
            written += ppmi.hasRow(i) ? 1 : 0;
        }
        if (written == 0) {
            return 0;
        }
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
        // Rayleigh–Ritz: the eigenpairs of Qᵀ M Q are the best estimates within the subspace. The
        // product is symmetrised, because commons-math3 takes its general (non-symmetric) path when
        // rounding leaves any pair of entries more than ~1e-11 apart (it did on Taobao).
        double[][] small = gram(basis, ppmi.times(basis, m), m);
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < j; k++) {
                double mean = (small[j][k] + small[k][j]) / 2;
                small[j][k] = mean;
                small[k][j] = mean;
            }
        }
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(small, false));
        double[] values = eig.getRealEigenvalues();
        Integer[] order = new Integer[m];
        for (int j = 0; j < m; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        int kept = Math.min(size, m);
        double[][] vectors = new double[kept][];
        double[] weights = new double[kept];
        for (int k = 0; k < kept; k++) {
            vectors[k] = eig.getEigenvector(order[k]).toArray();
            weights[k] = Math.sqrt(Math.max(0, values[order[k]]));
        }
        double[] start = new double[items * size];
        double sumSq = 0;
        for (int i = 0; i < items; i++) {
            if (!ppmi.hasRow(i)) {
                continue;
            }
            for (int k = 0; k < kept; k++) {
                double v = 0;
                for (int j = 0; j < m; j++) {
                    v += basis[i][j] * vectors[k][j];
                }
                v *= weights[k];
                start[i * size + k] = v;
                sumSq += v * v;
            }
        }
        double scale = sumSq > 0 ? rms / Math.sqrt(sumSq / ((double) written * size)) : 0;
        for (int i = 0; i < items; i++) {
            if (ppmi.hasRow(i)) {
                for (int k = 0; k < size; k++) {
                    rows[i * size + k] = (float) (start[i * size + k] * scale);
                }
            }
        }
        return written;
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
        double[] logP = new double[items];
        for (int i = 0; i < items; i++) {
            logP[i] = Math.log(Math.pow(marginal[i], SMOOTHING) / smoothedTotal);
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
                // log( P(i,j) / (P_0.75(i) · P_0.75(j)) ): the same smoothing on both sides (floating
                // addition commutes, so (i, j) and (j, i) are bit-identical).
                double pmi = Math.log(e.getValue() / total) - (logP[i] + logP[j]);
                if (pmi > 0) {
                    c[n] = j;
                    v[n++] = pmi;
                }
            }
            cols[i] = Arrays.copyOf(c, n);
            vals[i] = Arrays.copyOf(v, n);
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
