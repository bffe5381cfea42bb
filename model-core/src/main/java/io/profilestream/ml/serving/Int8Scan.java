package io.profilestream.ml.serving;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link QuantizedRetriever}'s first pass with the JDK's Vector API (incubating in Java 17): the
 * approximate score of every item of a {@link QuantizedItems}. Loaded only when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} (every launcher and the Surefire fork in this
 * repository do); otherwise {@link QuantizedItems#scanScalar} runs and this class is never touched.
 *
 * <p>Why this shape (measured on the 2-core AMD EPYC, 512-bit lanes, 50,000
 * items × 128, pass alone, while other builds ran): int8 codes widened to int lanes and multiplied
 * by the int query code, two blocks of 16 items in flight: 152 µs; one block in flight 250 µs (the
 * loop-carried add and the loads do not overlap enough); four blocks 171 µs; float lanes (bytes
 * converted to float, fused multiply-add with the float query, four blocks) 216 µs; the scalar
 * float loop over the float matrix ~2,600 µs single-sum ({@link ExactRetriever}'s four sums
 * ~1,400 µs). Integer sums are also exact, so this pass and the scalar one agree bit for bit with
 * no care about summation order.
 */
final class Int8Scan {

    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class, INTS.vectorShape());
    private static final int LANES = INTS.length();
    /** Bytes with as many lanes as {@link #INTS}; null when no such shape exists (fewer than 8 lanes). */
    private static final VectorSpecies<Byte> BYTES = byteSpecies();

    private Int8Scan() {
    }

    /** Whether this JVM's preferred int vectors have a byte species with as many lanes (8 or more). */
    static boolean supported() {
        return BYTES != null;
    }

    /** Items per block, i.e. int lanes per vector. */
    static int lanes() {
        return LANES;
    }

    private static VectorSpecies<Byte> byteSpecies() {
        if (LANES < 8) {
            return null;
        }
        try {
            return VectorSpecies.of(byte.class, VectorShape.forBitSize(LANES * 8));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Every item's approximate score into {@code scores} and the maximum of each pair of blocks
     * into {@code groupMax}: the same values as {@link QuantizedItems#scanScalar}.
     *
     * @param items    quantized with {@link #lanes()} items per block
     * @param q        the query codes, |q[k]|·127·hidden &lt; 2^31
     * @param hScale   the float each query code step is worth
     * @param scores   one per padded item
     * @param groupMax one per pair of blocks
     */
    static void scan(QuantizedItems items, int[] q, float hScale, float[] scores, float[] groupMax) {
        scan(items, q, hScale, scores, groupMax, 0, items.blocks);
    }

    /** {@link #scan(QuantizedItems, int[], float, float[], float[])} over blocks {@code [from, to)} only (both even). */
    static void scan(QuantizedItems items, int[] q, float hScale, float[] scores, float[] groupMax, int from, int to) {
        int hidden = items.hidden;
        int stride = hidden * LANES;
        byte[] codes = items.codes;
        float[] scales = items.scales;
        float[] bias = items.bias;
        // Everything stays in this one method: in Java 17 a vector handed to a helper that C2 did
        // not inline, or a species it could not fold (convert() instead of convertShape() with an
        // explicit species), was boxed per block and made the pass several times slower.
        for (int b = from; b < to; b += 2) {
            IntVector acc0 = IntVector.zero(INTS);
            IntVector acc1 = IntVector.zero(INTS);
            int o0 = b * stride;
            int o1 = o0 + stride;
            for (int k = 0; k < hidden; k++) {
                int qk = q[k];
                int d = k * LANES;
                acc0 = acc0.add(((IntVector) ByteVector.fromArray(BYTES, codes, o0 + d)
                        .convertShape(VectorOperators.B2I, INTS, 0)).mul(qk));
                acc1 = acc1.add(((IntVector) ByteVector.fromArray(BYTES, codes, o1 + d)
                        .convertShape(VectorOperators.B2I, INTS, 0)).mul(qk));
            }
            // (float) sum · (scale_j · hScale) + b_j, each a separate rounding, as in scanScalar.
            int j0 = b * LANES;
            int j1 = j0 + LANES;
            FloatVector s0 = ((FloatVector) acc0.convertShape(VectorOperators.I2F, FLOATS, 0))
                    .mul(FloatVector.fromArray(FLOATS, scales, j0).mul(hScale))
                    .add(FloatVector.fromArray(FLOATS, bias, j0));
            FloatVector s1 = ((FloatVector) acc1.convertShape(VectorOperators.I2F, FLOATS, 0))
                    .mul(FloatVector.fromArray(FLOATS, scales, j1).mul(hScale))
                    .add(FloatVector.fromArray(FLOATS, bias, j1));
            s0.intoArray(scores, j0);
            s1.intoArray(scores, j1);
            groupMax[b >> 1] = s0.max(s1).reduceLanes(VectorOperators.MAX);
        }
    }

}
