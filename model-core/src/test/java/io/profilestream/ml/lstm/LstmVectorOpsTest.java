package io.profilestream.ml.lstm;

import io.profilestream.ml.NextItemModel.State;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/** The vectorised loops against the scalar reference in {@link LstmStep} they replace. */
class LstmVectorOpsTest {

    @Test
    void shouldAccumulateBitIdenticallyToTheScalarLoopForEveryWidthAndZeroInputs() {
        Random r = new Random(11);
        // Widths around the 4-vector block and the single-vector tail, for any lane count up to 16.
        for (int width : new int[]{1, 15, 16, 17, 63, 64, 65, 80, 128, 400, 512}) {
            for (int rows : new int[]{1, 17, 64, 128}) {
                float[] w = gaussian(r, rows * width, 0.1);
                float[] x = gaussian(r, rows + 3, 1.0);
                x[3] = 0f;
                x[rows / 2 + 3] = -0f;
                // NaN weights on the zero inputs' rows: a path that multiplied instead of skipping
                // would give NaN (0 × NaN) where the reference gives a number.
                java.util.Arrays.fill(w, 0, width, Float.NaN);
                java.util.Arrays.fill(w, (rows / 2) * width, (rows / 2 + 1) * width, Float.NaN);
                float[] z0 = gaussian(r, width, 1.0);
                float[] expected = z0.clone();
                float[] actual = z0.clone();
                LstmStep.accumulate(expected, w, x, 3, rows, width);
                LstmVectorOps.accumulate(actual, LstmVectorOps.pack(w, rows, width), x, 3, rows, width);
                assertThat(actual).as("width %d, rows %d", width, rows).containsExactly(expected);
            }
        }
    }

    @Test
    void shouldPackBlocksThenSingleVectorsThenColumnsEachDownTheRows() {
        int rows = 3;
        int width = LstmVectorOps.BLOCK + LstmVectorOps.LANES + 5;
        float[] w = new float[rows * width];
        for (int i = 0; i < w.length; i++) {
            w[i] = i;
        }

        float[] packed = LstmVectorOps.pack(w, rows, width);

        int block = LstmVectorOps.BLOCK;
        int lanes = LstmVectorOps.LANES;
        // First panel: rows 0, 1, 2 of columns [0, BLOCK), one row after the other.
        assertThat(packed[0]).isEqualTo(w[0]);
        assertThat(packed[block - 1]).isEqualTo(w[block - 1]);
        assertThat(packed[block]).isEqualTo(w[width]);
        assertThat(packed[2 * block]).isEqualTo(w[2 * width]);
        // Second panel: the next LANES columns, again down the rows.
        int second = rows * block;
        assertThat(packed[second]).isEqualTo(w[block]);
        assertThat(packed[second + lanes]).isEqualTo(w[width + block]);
        // Then each remaining column alone, down the rows.
        int tail = second + rows * lanes;
        int column = block + lanes;
        assertThat(packed[tail]).isEqualTo(w[column]);
        assertThat(packed[tail + 1]).isEqualTo(w[width + column]);
        assertThat(packed[tail + 2]).isEqualTo(w[2 * width + column]);
        assertThat(packed[tail + 3]).isEqualTo(w[column + 1]);
        assertThat(packed[packed.length - 1]).isEqualTo(w[w.length - 1]);
        float[] sorted = packed.clone();
        java.util.Arrays.sort(sorted);
        assertThat(sorted).as("every weight exactly once").containsExactly(w);
    }

    @Test
    void shouldRefuseWeightsOfTheWrongShapeToPack() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LstmVectorOps.pack(new float[10], 3, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("weights of 10 floats are not 3 × 4");
    }

    @Test
    void shouldActivateWithinFourUlpOfTheLargestTermOfTheDoublePrecisionReference() {
        Random r = new Random(12);
        // A vector part and a scalar tail for any lane count.
        int h = 5 * LstmVectorOps.LANES + 3;
        // Past C2's tiered thresholds first, so the SVML code is what is compared, not the
        // per-lane Math fallback the interpreter and C1 run.
        float[] warm = gaussian(r, 4 * h, 1.0);
        float[] warmCell = new float[h];
        for (int i = 0; i < 60_000; i++) {
            LstmVectorOps.activate(warm, warmCell, h);
        }
        for (int round = 0; round < 2_000; round++) {
            // Pre-activations of trained models reach a few units either way; cells grow larger.
            float[] z = gaussian(r, 4 * h, 4.0);
            float[] c = gaussian(r, h, 3.0);
            State expected = LstmStep.activate(z, c, h);
            State actual = LstmVectorOps.activate(z, c, h);
            for (int j = 0; j < h; j++) {
                // c' = f·c + i·a has terms up to |c| and 1, and may cancel: the bound is in ulp of
                // the largest term, not of the result. h' = o·tanh(c') lies in (-1, 1).
                float cTolerance = 4 * Math.ulp(Math.abs(c[j]) + 1f);
                assertThat(actual.c()[j]).as("c[%d], round %d", j, round).isCloseTo(expected.c()[j], offset(cTolerance));
                assertThat(actual.h()[j]).as("h[%d], round %d", j, round).isCloseTo(expected.h()[j], offset(4 * Math.ulp(1f)));
            }
        }
    }

    @Test
    void shouldGiveTheReferenceValuesBitForBitOnTheScalarTail() {
        // Units past the last whole vector are computed by the reference loop itself.
        int lanes = LstmVectorOps.LANES;
        int h = lanes + 3;
        Random r = new Random(13);
        float[] z = gaussian(r, 4 * h, 2.0);
        float[] c = gaussian(r, h, 1.0);

        State expected = LstmStep.activate(z, c, h);
        State actual = LstmVectorOps.activate(z, c, h);

        assertThat(java.util.Arrays.copyOfRange(actual.h(), lanes, h)).containsExactly(java.util.Arrays.copyOfRange(expected.h(), lanes, h));
        assertThat(java.util.Arrays.copyOfRange(actual.c(), lanes, h)).containsExactly(java.util.Arrays.copyOfRange(expected.c(), lanes, h));
    }

    private static float[] gaussian(Random r, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * scale);
        }
        return a;
    }
}
