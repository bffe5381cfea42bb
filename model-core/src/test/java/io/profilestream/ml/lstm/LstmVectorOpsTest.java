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
    void shouldPackEveryWeightExactlyOnce() {
        int rows = 3;
        int width = 70;
        float[] w = new float[rows * width];
        for (int i = 0; i < w.length; i++) {
            w[i] = i;
        }
        float[] packed = LstmVectorOps.pack(w, rows, width);
        float[] sorted = packed.clone();
        java.util.Arrays.sort(sorted);
        assertThat(sorted).containsExactly(w);
        // The first panel starts with row 0's first columns, then row 1's.
        assertThat(packed[0]).isEqualTo(0f);
        assertThat(packed[1]).isEqualTo(1f);
    }

    @Test
    void shouldRefuseWeightsOfTheWrongShapeToPack() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LstmVectorOps.pack(new float[10], 3, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("weights of 10 floats are not 3 × 4");
    }

    @Test
    void shouldActivateWithinSinglePrecisionOfTheDoublePrecisionReference() {
        Random r = new Random(12);
        // 100 units: a vector part and a scalar tail for any lane count.
        int h = 100;
        for (int round = 0; round < 2_000; round++) {
            // Pre-activations of trained models reach a few units either way; cells grow larger.
            float[] z = gaussian(r, 4 * h, 4.0);
            float[] c = gaussian(r, h, 3.0);
            State expected = LstmStep.activate(z, c, h);
            State actual = LstmVectorOps.activate(z, c, h);
            for (int j = 0; j < h; j++) {
                // 1e-6 relative is ~8 float ulp: SVML's float tanh/exp are a few ulp off, and the
                // cell update multiplies that by the previous cell.
                assertThat(actual.c()[j]).as("c[%d], round %d", j, round)
                        .isCloseTo(expected.c()[j], offset(1e-6f * Math.max(1f, Math.abs(expected.c()[j]))));
                assertThat(actual.h()[j]).as("h[%d], round %d", j, round)
                        .isCloseTo(expected.h()[j], offset(1e-6f));
            }
        }
    }

    @Test
    void shouldGiveTheReferenceValuesOnTheScalarTail() {
        // Units past the last whole vector are computed by the reference loop itself, bit for bit.
        int h = 3;
        float[] z = {0.5f, -1f, 2f, 0.1f, 0.2f, 0.3f, -0.4f, 3f, -2f, 1.5f, 0f, -0.7f};
        float[] c = {0.25f, -0.5f, 1f};
        State expected = LstmStep.activate(z, c, h);
        State actual = LstmVectorOps.activate(z, c, h);
        assertThat(actual.h()).containsExactly(expected.h());
        assertThat(actual.c()).containsExactly(expected.c());
    }

    private static float[] gaussian(Random r, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * scale);
        }
        return a;
    }
}
