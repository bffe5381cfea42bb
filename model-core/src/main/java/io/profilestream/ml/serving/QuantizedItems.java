package io.profilestream.ml.serving;

import io.profilestream.ml.lstm.LstmWeights;

import java.util.Arrays;

/**
 * The item output vectors of an LSTM as int8 codes with one symmetric scale per item, laid out for
 * {@link QuantizedRetriever}'s first pass, and the scalar version of that pass.
 *
 * <p>Layout: items in blocks of {@link #lanes} (the int-vector lane count, 16 with AVX-512), the
 * block count rounded up to even (the vector scan takes two blocks at a time); inside a block
 * dimension-major, {@code codes[(block·hidden + k)·lanes + lane]}. One load then holds dimension k
 * of {@code lanes} different items, so a block's scores accumulate lane-wise with no horizontal sum
 * per item. Padding items have code 0, scale 0 and approximate bias -∞, so they never pass.
 *
 * <p>Positions are items in vocabulary order, or in any order given with padding between runs
 * (PartitionedRetriever keeps each list of similar items in its own run of whole groups).
 *
 * <p>Item j's approximate score is {@code (float) Σ_k code[j][k]·q[k] · (scale[j]·hScale) + b_j}:
 * the integer sum is exact (no order to respect), then three float operations in this order in
 * both the scalar and the vector pass, so the two give bit-identical scores.
 */
final class QuantizedItems {

    /** Largest code magnitude: symmetric, so -128 is never used and negation is exact. */
    static final int CODE_MAX = 127;

    final int items;
    final int hidden;
    final int lanes;
    final int blocks;
    /** [blocks][hidden][lanes] int8 codes. */
    final byte[] codes;
    /** Per item (padded): the float each code step is worth; 0 for zero, tiny and irregular rows. */
    final float[] scales;
    /** Per item (padded): the output bias; -∞ for padding, irregular and never-returned items. */
    final float[] bias;
    /**
     * Items never quantized but always rescored exactly: a NaN or infinite value in the output
     * vector, or a bias of +∞. (A NaN or -∞ bias makes the item's score NaN or -∞, never
     * returned: such items keep code 0 and bias -∞ here and are never candidates.) So every
     * approximate score is finite, ±∞ or the -∞ of a non-candidate, never NaN, as long as
     * {@code maxScale · hScale} is finite.
     */
    final int[] irregular;
    /** The largest item scale: a query whose scale times this overflows is not quantized. */
    final float maxScale;

    /**
     * The item at each position, or -1 for padding; null when position j holds item j (the
     * catalogue in vocabulary order, as {@link QuantizedRetriever} lays it out).
     */
    private final int[] rows;

    /**
     * Quantizes every output row of {@code w}: scale = max|w_j,k| / 127, code = round(w / scale).
     * A row whose scale would be subnormal gets code 0 (its approximate score is then its bias, off
     * by at most Σ|h|·127·1.2e-38, far below a float step of any score that matters); a row with a
     * non-finite value or a bias of +∞ is listed in {@link #irregular} instead.
     */
    QuantizedItems(LstmWeights w, int lanes) {
        this(w, null, w.items(), lanes);
    }

    /**
     * As {@link #QuantizedItems(LstmWeights, int)}, with the items in another order: position p
     * holds item {@code rows[p]}, or padding (code 0, scale 0, bias -∞) where it is -1. Positions,
     * scores, groups and {@link #irregular} are then all in position order; {@link #item} maps back.
     */
    QuantizedItems(LstmWeights w, int[] rows, int lanes) {
        this(w, rows.clone(), rows.length, lanes);
    }

    private QuantizedItems(LstmWeights w, int[] rows, int positions, int lanes) {
        this.items = positions;
        this.hidden = w.hiddenSize();
        this.lanes = lanes;
        this.rows = rows;
        int b = (items + lanes - 1) / lanes;
        this.blocks = b + (b & 1);
        long codeCount = (long) blocks * lanes * hidden;
        if (codeCount > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("catalogue too large to quantize in one array: " + items + " × " + hidden);
        }
        this.codes = new byte[(int) codeCount];
        this.scales = new float[blocks * lanes];
        this.bias = new float[blocks * lanes];
        Arrays.fill(bias, Float.NEGATIVE_INFINITY);
        float[] ow = w.outputWeights();
        float[] ob = w.outputBias();
        int[] odd = new int[8];
        int oddCount = 0;
        float maxScale = 0f;
        for (int j = 0; j < items; j++) {
            int source = rows == null ? j : rows[j];
            if (source < 0) {
                continue;
            }
            int row = source * hidden;
            float maxAbs = 0f;
            boolean finite = true;
            for (int k = 0; k < hidden; k++) {
                float a = Math.abs(ow[row + k]);
                finite &= a <= Float.MAX_VALUE;
                maxAbs = Math.max(maxAbs, a);
            }
            if (!finite || ob[source] == Float.POSITIVE_INFINITY) {
                if (oddCount == odd.length) {
                    odd = Arrays.copyOf(odd, 2 * oddCount);
                }
                odd[oddCount++] = j;
                continue;
            }
            if (Float.isNaN(ob[source]) || ob[source] == Float.NEGATIVE_INFINITY) {
                // Its exact score is NaN or -∞ for every h, never returned: never a candidate.
                // Zero codes keep its approximate score at exactly -∞ (never -∞ + ∞ = NaN).
                continue;
            }
            bias[j] = ob[source];
            float scale = maxAbs / CODE_MAX;
            if (scale < Float.MIN_NORMAL) {
                continue;
            }
            scales[j] = scale;
            maxScale = Math.max(maxScale, scale);
            int base = (j / lanes) * hidden * lanes + j % lanes;
            for (int k = 0; k < hidden; k++) {
                int code = Math.round(ow[row + k] / scale);
                codes[base + k * lanes] = (byte) Math.max(-CODE_MAX, Math.min(CODE_MAX, code));
            }
        }
        this.irregular = Arrays.copyOf(odd, oddCount);
        this.maxScale = maxScale;
    }

    /** The item at position {@code p} (-1 for padding). */
    int item(int p) {
        return rows == null ? p : rows[p];
    }

    /**
     * The first pass without the Vector API: every item's approximate score into {@code scores}
     * and the maximum of each pair of blocks into {@code groupMax}, the same values as
     * {@code Int8Scan.scan}.
     *
     * @param q        the query codes, |q[k]|·127·hidden &lt; 2^31 so the int sums cannot overflow
     * @param hScale   the float each query code step is worth
     * @param scores   one per padded item
     * @param groupMax one per pair of blocks
     */
    void scanScalar(int[] q, float hScale, float[] scores, float[] groupMax) {
        scanScalar(q, hScale, scores, groupMax, 0, blocks);
    }

    /** {@link #scanScalar(int[], float, float[], float[])} over blocks {@code [from, to)} only (both even). */
    void scanScalar(int[] q, float hScale, float[] scores, float[] groupMax, int from, int to) {
        int[] acc = new int[lanes];
        for (int b = from; b < to; b++) {
            Arrays.fill(acc, 0);
            int o = b * hidden * lanes;
            for (int k = 0; k < hidden; k++, o += lanes) {
                int qk = q[k];
                for (int i = 0; i < lanes; i++) {
                    acc[i] += codes[o + i] * qk;
                }
            }
            float max = (b & 1) == 0 ? Float.NEGATIVE_INFINITY : groupMax[b >> 1];
            for (int i = 0; i < lanes; i++) {
                int j = b * lanes + i;
                float approx = (float) acc[i] * (scales[j] * hScale) + bias[j];
                scores[j] = approx;
                max = Math.max(max, approx);
            }
            groupMax[b >> 1] = max;
        }
    }

    /** Items per group of {@link #scanScalar}'s {@code groupMax}: two blocks. */
    int groupSize() {
        return 2 * lanes;
    }

    /** Bytes held: codes, scales and biases (for logs and the benchmark). */
    long bytes() {
        return codes.length + 4L * scales.length + 4L * bias.length + 4L * irregular.length;
    }
}
