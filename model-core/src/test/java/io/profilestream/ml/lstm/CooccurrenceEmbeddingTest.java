package io.profilestream.ml.lstm;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CooccurrenceEmbeddingTest {

    @Test
    void ppmiShouldMatchHandComputedValuesWithSmoothedContexts() {
        // Pairs: (0,1) twice, (1,2) once, both ways. Marginals 2, 3, 1 of 6 pair ends.
        CooccurrenceEmbedding.Sparse m = CooccurrenceEmbedding.ppmi(List.of(new int[]{0, 1}, new int[]{0, 1},
                new int[]{1, 2}), 3);
        double smoothed = Math.pow(2, 0.75) + Math.pow(3, 0.75) + 1;
        double[][] dense = dense(m, 3);

        // log( (c_ij / 6) / ((c_i^0.75 / S) · (c_j^0.75 / S)) ), S = Σ c^0.75
        assertThat(dense[0][1]).isCloseTo(Math.log(2.0 / 6 * smoothed * smoothed / Math.pow(2 * 3, 0.75)), within(1e-12));
        assertThat(dense[1][2]).isCloseTo(Math.log(1.0 / 6 * smoothed * smoothed / Math.pow(3, 0.75)), within(1e-12));
        assertThat(dense[1][0]).isEqualTo(dense[0][1]);
        assertThat(dense[2][1]).isEqualTo(dense[1][2]);
        assertThat(dense[0][2]).isEqualTo(0.0);
        assertThat(dense[0][0]).isEqualTo(0.0);
    }

    @Test
    void shouldCountOnlyPairsWithinTheWindowAndNeverAnItemWithItself() {
        CooccurrenceEmbedding.Sparse m = CooccurrenceEmbedding.ppmi(List.of(new int[]{0, 1, 2, 3, 4, 5, 6},
                new int[]{7, 7}), 8);
        double[][] dense = dense(m, 8);
        // Marginals: items 0 and 6 pair with 5 others, items 1-5 with 6; 20 pairs, 40 pair ends.
        double smoothed = 2 * Math.pow(5, 0.75) + 5 * Math.pow(6, 0.75);

        assertThat(CooccurrenceEmbedding.WINDOW).isEqualTo(5);
        assertThat(dense[0][5]).isCloseTo(Math.log(1.0 / 40 * smoothed * smoothed / Math.pow(5 * 6, 0.75)),
                within(1e-12)); // 5 apart
        assertThat(dense[0][6]).isEqualTo(0.0); // 6 apart
        assertThat(m.hasRow(7)).isFalse();      // only ever next to itself
    }

    @Test
    void embeddingDotProductsShouldBeThePositivePartOfThePpmiMatrixUpToScale() {
        // Whole subspace (items ≤ size + oversampling), so the result is exact: E·Eᵀ ∝ Σ_{λ>0} λ v vᵀ,
        // checked against commons-math3's dense eigen-decomposition of the same matrix.
        int items = 12;
        List<int[]> sessions = randomSessions(items, 40, new Random(3));
        float[] e = new float[items * items];
        assertThat(CooccurrenceEmbedding.overwrite(sessions, items, items, 0.1, new Random(4), e)).isEqualTo(items);

        double[][] ppmi = dense(CooccurrenceEmbedding.ppmi(sessions, items), items);
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(ppmi));
        double[][] positive = new double[items][items];
        for (int k = 0; k < items; k++) {
            double lambda = eig.getRealEigenvalue(k);
            if (lambda > 0) {
                double[] v = eig.getEigenvector(k).toArray();
                for (int i = 0; i < items; i++) {
                    for (int j = 0; j < items; j++) {
                        positive[i][j] += lambda * v[i] * v[j];
                    }
                }
            }
        }
        double[][] gram = new double[items][items];
        for (int i = 0; i < items; i++) {
            for (int j = 0; j < items; j++) {
                for (int k = 0; k < items; k++) {
                    gram[i][j] += (double) e[i * items + k] * e[j * items + k];
                }
            }
        }
        double scale = frobenius(gram) / frobenius(positive);
        // Float rows: 1e-6 of values up to ~0.2.
        for (int i = 0; i < items; i++) {
            for (int j = 0; j < items; j++) {
                assertThat(gram[i][j]).isCloseTo(scale * positive[i][j], within(1e-6));
            }
        }
    }

    @Test
    void shouldPlaceItemsThatShareSessionsTogetherAndApartFromOthers() {
        // Three groups of 20 items; sessions only mix items of one group. 60 items > size + 10, so
        // this goes through the subspace iteration.
        Random r = new Random(7);
        List<int[]> sessions = new ArrayList<>();
        for (int s = 0; s < 600; s++) {
            int group = s % 3;
            int[] session = new int[6];
            for (int t = 0; t < session.length; t++) {
                session[t] = group * 20 + r.nextInt(20);
            }
            sessions.add(session);
        }
        int size = 4;
        float[] e = new float[60 * size];
        CooccurrenceEmbedding.overwrite(sessions, 60, size, 0.1, new Random(8), e);

        double sameGroup = Double.POSITIVE_INFINITY;
        double otherGroup = 0;
        for (int i = 0; i < 60; i++) {
            for (int j = i + 1; j < 60; j++) {
                double c = cosine(e, i, j, size);
                if (i / 20 == j / 20) {
                    sameGroup = Math.min(sameGroup, c);
                } else {
                    otherGroup = Math.max(otherGroup, Math.abs(c));
                }
            }
        }
        assertThat(sameGroup).isGreaterThan(0.9);
        assertThat(otherGroup).isLessThan(0.1);
    }

    @Test
    void shouldScaleCooccurringRowsToTheRequestedRmsAndLeaveTheOtherRowsAsTheyWere() {
        int items = 30;
        List<int[]> sessions = randomSessions(20, 50, new Random(5)); // items 20..29 are never clicked
        float[] e = new float[items * 8];
        Arrays.fill(e, 0.5f);
        int written = CooccurrenceEmbedding.overwrite(sessions, items, 8, 0.25, new Random(6), e);

        assertThat(written).isEqualTo(20);
        double sumSq = 0;
        for (int i = 0; i < 20 * 8; i++) {
            sumSq += (double) e[i] * e[i];
        }
        assertThat(Math.sqrt(sumSq / (20 * 8))).isCloseTo(0.25, within(1e-6));
        assertThat(Arrays.copyOfRange(e, 20 * 8, items * 8)).containsOnly(0.5f);
    }

    @Test
    void shouldWriteNothingWhenNoSessionHasTwoDifferentItems() {
        float[] e = new float[4 * 3];
        Arrays.fill(e, 0.5f);
        assertThat(CooccurrenceEmbedding.overwrite(List.of(new int[]{1, 1}, new int[]{2}), 4, 3, 0.1, new Random(1), e))
                .isEqualTo(0);
        assertThat(e).containsOnly(0.5f);
    }

    @Test
    void shouldRefuseRowsOfTheWrongShape() {
        assertThatThrownBy(() -> CooccurrenceEmbedding.overwrite(List.of(), 4, 3, 0.1, new Random(1), new float[11]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected 4 × 3 rows and rms > 0, got 11 values and rms 0.1");
    }

    @Test
    void shouldBeDeterministicForASeed() {
        List<int[]> sessions = randomSessions(40, 100, new Random(1));
        float[] first = new float[40 * 6];
        float[] second = new float[40 * 6];
        CooccurrenceEmbedding.overwrite(sessions, 40, 6, 0.1, new Random(2), first);
        CooccurrenceEmbedding.overwrite(sessions, 40, 6, 0.1, new Random(2), second);
        assertThat(first).containsExactly(second);
    }

    @Test
    void orthonormalShouldReturnOrthonormalColumnsSpanningTheInput() {
        Random r = new Random(9);
        double[][] a = new double[50][5];
        for (double[] row : a) {
            for (int j = 0; j < 5; j++) {
                row[j] = r.nextGaussian() * (j + 1) * 100;
            }
        }
        double[][] q = CooccurrenceEmbedding.orthonormal(a, 5);
        for (int j = 0; j < 5; j++) {
            for (int k = 0; k < 5; k++) {
                double dot = 0;
                for (double[] row : q) {
                    dot += row[j] * row[k];
                }
                assertThat(dot).isCloseTo(j == k ? 1 : 0, within(1e-12));
            }
        }
        // Each column of a is reproduced by its projection onto q's columns.
        for (int j = 0; j < 5; j++) {
            double[] coef = new double[5];
            for (int k = 0; k < 5; k++) {
                for (int i = 0; i < 50; i++) {
                    coef[k] += q[i][k] * a[i][j];
                }
            }
            for (int i = 0; i < 50; i++) {
                double back = 0;
                for (int k = 0; k < 5; k++) {
                    back += q[i][k] * coef[k];
                }
                assertThat(back).isCloseTo(a[i][j], within(1e-9 * 500));
            }
        }
    }

    private static List<int[]> randomSessions(int items, int count, Random r) {
        List<int[]> sessions = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            int[] session = new int[2 + r.nextInt(5)];
            for (int t = 0; t < session.length; t++) {
                session[t] = r.nextInt(items);
            }
            sessions.add(session);
        }
        return sessions;
    }

    private static double[][] dense(CooccurrenceEmbedding.Sparse m, int items) {
        double[][] d = new double[items][items];
        for (int i = 0; i < items; i++) {
            if (m.cols[i] != null) {
                for (int n = 0; n < m.cols[i].length; n++) {
                    d[i][m.cols[i][n]] = m.vals[i][n];
                }
            }
        }
        return d;
    }

    private static double frobenius(double[][] a) {
        double s = 0;
        for (double[] row : a) {
            for (double v : row) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }

    private static double cosine(float[] e, int i, int j, int size) {
        double dot = 0;
        double ni = 0;
        double nj = 0;
        for (int k = 0; k < size; k++) {
            dot += (double) e[i * size + k] * e[j * size + k];
            ni += (double) e[i * size + k] * e[i * size + k];
            nj += (double) e[j * size + k] * e[j * size + k];
        }
        return dot / Math.sqrt(ni * nj);
    }
}
