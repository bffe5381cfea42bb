package io.profilestream.ml.lstm;

import io.profilestream.ml.NextItemModel.State;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The LSTM step's two hot loops on the JDK's Vector API (incubating in Java 17). Only
 * {@link LstmKernel} calls it, and only when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}; without that flag this class is never loaded.
 *
 * <p>Measured on the 2-core development machine (Xeon, 512-bit lanes, Java 17), one hidden-128
 * step, {@code LstmStepBenchmark}:
 * <ul>
 *   <li>{@link #accumulate}: C2 does not vectorise the scalar loop {@code z[j] += x·w[row + j]}
 *       (25-70 µs); one vector row at a time, loading and storing {@code z} per row, took ~7 µs;
 *       keeping four vectors of {@code z} in registers across all rows takes ~5 µs, and ~3.5 µs
 *       over weights {@link #pack packed} for that order. Each lane
 *       still computes {@code z + x·w} as a multiply then an add (no fused multiply-add) with the
 *       rows in ascending order, so every float is rounded exactly as in
 *       {@link LstmStep#accumulate} (bit-identical, {@code LstmVectorOpsTest}).</li>
 *   <li>{@link #activate}: the reference takes 640 {@code Math.tanh}/{@code Math.exp} calls in
 *       double precision per step, ~14.8 µs, which was more than half of the whole step; the
 *       Vector API's float {@code TANH}/{@code EXP} lanes (Intel SVML in the JDK) take ~0.3 µs.
 *       They are not bit-identical to the double-precision reference: within 4 float ulp of each
 *       result's largest term ({@code LstmVectorOpsTest}, after C2 compiled them; before that the
 *       lanes are per-element {@code Math} calls, rounded differently again), far inside the
 *       1e-5 parity with DL4J ({@code LstmStepParityTest}, cold and warm). Only used on x86-64
 *       ({@link LstmKernel#VECTOR_ACTIVATION}).</li>
 * </ul>
 */
final class LstmVectorOps {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Floats per vector in this JVM (16 with AVX-512, 8 with AVX2). */
    static final int LANES = SPECIES.length();
    /** Accumulators kept in registers at once: 4 × 16 floats fit AVX-512's 32 registers with room. */
    static final int BLOCK = 4 * LANES;
    private static final FloatVector ONE = FloatVector.broadcast(SPECIES, 1f);

    private LstmVectorOps() {
    }

    /**
     * {@code w} (row-major, {@code rows × width}) re-laid out for {@link #accumulate}: for each
     * block of {@link #BLOCK} columns, then each remaining vector of columns, then each remaining
     * column, its {@code rows} entries one after the other. {@link #accumulate} then reads the
     * weights strictly sequentially. Why: it walked each block down the rows at a stride of
     * {@code width} floats before, which the hardware prefetcher follows less well; measured with
     * the 512 × 128 recurrent matrix, 4.9 → 3.5 µs warm and 5.6 → 4.1 µs with 1 MB of other data
     * touched between calls (8 MB between calls: 11.2 → 10.5 µs, memory-bound either way).
     */
    static float[] pack(float[] w, int rows, int width) {
        if (w.length != rows * width) {
            throw new IllegalArgumentException("weights of " + w.length + " floats are not " + rows + " × " + width);
        }
        float[] packed = new float[w.length];
        int q = 0;
        int j = 0;
        for (; j + BLOCK <= width; j += BLOCK) {
            for (int k = 0; k < rows; k++) {
                System.arraycopy(w, k * width + j, packed, q, BLOCK);
                q += BLOCK;
            }
        }
        for (; j + LANES <= width; j += LANES) {
            for (int k = 0; k < rows; k++) {
                System.arraycopy(w, k * width + j, packed, q, LANES);
                q += LANES;
            }
        }
        for (; j < width; j++) {
            for (int k = 0; k < rows; k++) {
                packed[q++] = w[k * width + j];
            }
        }
        return packed;
    }

    /**
     * {@code z[j] += Σ_k x[xOff + k]·w[k·width + j]} for k ascending, j in [0, width), zero x
     * skipped, where {@code packed} is {@link #pack}{@code (w, rows, width)}.
     */
    static void accumulate(float[] z, float[] packed, float[] x, int xOff, int rows, int width) {
        // The non-zero rows first, so the vector loops below have no branch: with an
        // "if (x == 0) continue" inside, C2 recompiled this method after its first zero state
        // (uncommon trap, unstable_if) into a version that boxed the accumulators, 55 µs per step.
        int[] nonZero = new int[rows];
        int n = 0;
        for (int k = 0; k < rows; k++) {
            if (x[xOff + k] != 0f) {
                nonZero[n++] = k;
            }
        }
        int j = 0;
        int panel = 0;
        for (; j + BLOCK <= width; j += BLOCK, panel += rows * BLOCK) {
            FloatVector a0 = FloatVector.fromArray(SPECIES, z, j);
            FloatVector a1 = FloatVector.fromArray(SPECIES, z, j + LANES);
            FloatVector a2 = FloatVector.fromArray(SPECIES, z, j + 2 * LANES);
            FloatVector a3 = FloatVector.fromArray(SPECIES, z, j + 3 * LANES);
            for (int i = 0; i < n; i++) {
                int k = nonZero[i];
                FloatVector xv = FloatVector.broadcast(SPECIES, x[xOff + k]);
                int o = panel + k * BLOCK;
                a0 = a0.add(xv.mul(FloatVector.fromArray(SPECIES, packed, o)));
                a1 = a1.add(xv.mul(FloatVector.fromArray(SPECIES, packed, o + LANES)));
                a2 = a2.add(xv.mul(FloatVector.fromArray(SPECIES, packed, o + 2 * LANES)));
                a3 = a3.add(xv.mul(FloatVector.fromArray(SPECIES, packed, o + 3 * LANES)));
            }
            a0.intoArray(z, j);
            a1.intoArray(z, j + LANES);
            a2.intoArray(z, j + 2 * LANES);
            a3.intoArray(z, j + 3 * LANES);
        }
        for (; j + LANES <= width; j += LANES, panel += rows * LANES) {
            FloatVector a = FloatVector.fromArray(SPECIES, z, j);
            for (int i = 0; i < n; i++) {
                int k = nonZero[i];
                a = a.add(FloatVector.broadcast(SPECIES, x[xOff + k]).mul(FloatVector.fromArray(SPECIES, packed, panel + k * LANES)));
            }
            a.intoArray(z, j);
        }
        for (; j < width; j++, panel += rows) {
            float s = z[j];
            for (int i = 0; i < n; i++) {
                int k = nonZero[i];
                s += x[xOff + k] * packed[panel + k];
            }
            z[j] = s;
        }
    }

    /**
     * The gate non-linearities and the new state from the pre-activations {@code z} (4·h, DL4J
     * order a, f, o, i), as {@link LstmStep#activate} but in float lanes.
     */
    static State activate(float[] z, float[] cPrev, int h) {
        float[] hNew = new float[h];
        float[] cNew = new float[h];
        int bound = SPECIES.loopBound(h);
        int j = 0;
        for (; j < bound; j += LANES) {
            FloatVector a = FloatVector.fromArray(SPECIES, z, j).lanewise(VectorOperators.TANH);
            FloatVector f = sigmoid(FloatVector.fromArray(SPECIES, z, h + j));
            FloatVector o = sigmoid(FloatVector.fromArray(SPECIES, z, 2 * h + j));
            FloatVector i = sigmoid(FloatVector.fromArray(SPECIES, z, 3 * h + j));
            FloatVector c = f.mul(FloatVector.fromArray(SPECIES, cPrev, j)).add(i.mul(a));
            c.intoArray(cNew, j);
            o.mul(c.lanewise(VectorOperators.TANH)).intoArray(hNew, j);
        }
        LstmStep.activateRange(z, cPrev, h, j, hNew, cNew);
        return new State(hNew, cNew);
    }

    private static FloatVector sigmoid(FloatVector x) {
        return ONE.div(x.neg().lanewise(VectorOperators.EXP).add(1f));
    }
}
