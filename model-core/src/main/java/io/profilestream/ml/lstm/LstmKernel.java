package io.profilestream.ml.lstm;

import io.profilestream.ml.NextItemModel.State;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The fast LSTM step that serving and evaluation use: the reference {@link LstmStep#step}'s
 * arithmetic, within 1e-5 of DL4J (the parity tests), about ten times cheaper per event.
 *
 * <p>Three measured reasons (hidden 128, embedding 64, one step, Java 17; details in
 * {@link LstmVectorOps} and docs/BENCHMARKS.md):
 * <ul>
 *   <li>An item's input part {@code b + x·W} does not depend on the state, so it is computed once
 *       per item and kept (lazily, up to {@link #DEFAULT_GATE_CACHE_BYTES}): a step then reads
 *       2 KB for it instead of the 128 KB input matrix. Scalar step 45-50 µs → 35 µs.</li>
 *   <li>The recurrent product {@code h·RW} runs on the Vector API when the JVM was started with
 *       {@code --add-modules jdk.incubator.vector} (every launcher in this repository does), with
 *       the reference's rounding, so the pre-activations stay bit-identical.</li>
 *   <li>The gate non-linearities run in float vector lanes instead of 640 double-precision
 *       {@code Math.tanh}/{@code Math.exp} calls (x86-64 only, {@link #VECTOR_ACTIVATION}); this
 *       is the one part that is not bit-identical to the reference. Its bits also depend on the
 *       JIT tier: until C2 compiles it, the Vector API computes each lane with a float cast of
 *       {@code Math.tanh}/{@code Math.exp}, afterwards with SVML. So the same
 *       events can give states a few float ulp apart in two JVMs, or before and after warm-up in
 *       one; always within {@code LstmVectorOpsTest}'s bound, far inside the 1e-5 parity.</li>
 * </ul>
 * {@code LstmStepBenchmark} on 2026-11-30 (50,000 items, Xeon with 512-bit lanes, quiet machine):
 * reference 53-55 µs; the kernel 22.5 µs with a product of one vector row at a time and the
 * double-precision activation, 5.4-5.6 µs with the register-blocked product over packed weights
 * and the vector activation. Without the module both fall back to the reference's scalar loops,
 * bit for bit (with the gate cache, ~35 µs).
 *
 * <p>Thread-safe: the cache publishes each item's row once through an atomic array, and a race
 * only computes the same row twice.
 */
public final class LstmKernel {

    /** Memory the per-item input gates may use: 32 MB = 16,384 items at hidden size 128. */
    public static final long DEFAULT_GATE_CACHE_BYTES = 32L << 20;

    /** Whether the Vector API path is active in this JVM. */
    public static final boolean VECTORISED = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("profilestream.lstm.scalar");

    /**
     * Whether the gate non-linearities run in vector lanes too. Only on x86-64: there C2 compiles
     * {@code TANH}/{@code EXP} lanes to the JDK's Intel SVML routines (14.8 → 0.33 µs per step,
     * measured); elsewhere Java 17 has no such routines, and the lanes fall back to one boxed
     * {@code Math.tanh}/{@code Math.exp} per element, slower than the scalar reference.
     */
    public static final boolean VECTOR_ACTIVATION = VECTORISED
            && Set.of("amd64", "x86_64").contains(System.getProperty("os.arch"));

    private final LstmWeights w;
    /** {@link LstmVectorOps#pack packed} input and recurrent weights; null on the scalar path. */
    private final float[] packedInput;
    private final float[] packedRecurrent;
    private final AtomicReferenceArray<float[]> gates;
    private final AtomicInteger cachedRows = new AtomicInteger();
    private final int maxCachedRows;

    /** @param weights the model; read, never modified */
    public LstmKernel(LstmWeights weights) {
        this(weights, DEFAULT_GATE_CACHE_BYTES);
    }

    /** @param gateCacheBytes memory for per-item input gates; items beyond it are computed per step */
    public LstmKernel(LstmWeights weights, long gateCacheBytes) {
        this.w = weights;
        long rowBytes = 4L * 4 * weights.hiddenSize();
        this.maxCachedRows = (int) Math.min(weights.items(), Math.max(0, gateCacheBytes / rowBytes));
        this.gates = new AtomicReferenceArray<>(weights.items());
        int width = 4 * weights.hiddenSize();
        this.packedInput = VECTORISED ? LstmVectorOps.pack(weights.inputWeights(), weights.embeddingSize(), width) : null;
        this.packedRecurrent = VECTORISED ? LstmVectorOps.pack(weights.recurrentWeights(), weights.hiddenSize(), width) : null;
    }

    /**
     * One step: the state after {@code item}; equal bit for bit to {@link LstmStep#step} on the
     * scalar path, within a few float ulp of it on the vectorised one.
     */
    public State step(State s, int item) {
        if (item < 0 || item >= w.items()) {
            throw new IndexOutOfBoundsException("item index " + item + " outside vocabulary of " + w.items());
        }
        int h = w.hiddenSize();
        float[] z = inputGates(item).clone();
        accumulate(z, w.recurrentWeights(), packedRecurrent, s.h(), 0, h, 4 * h);
        return VECTOR_ACTIVATION ? LstmVectorOps.activate(z, s.c(), h) : LstmStep.activate(z, s.c(), h);
    }

    /** Items whose input gates are cached (for tests and metrics). */
    public int cachedItems() {
        return cachedRows.get();
    }

    /** {@code b + x·W} of the item, summed in {@link LstmStep}'s order; do not modify the result. */
    private float[] inputGates(int item) {
        float[] row = gates.get(item);
        if (row != null) {
            return row;
        }
        int e = w.embeddingSize();
        row = w.bias().clone();
        accumulate(row, w.inputWeights(), packedInput, w.embedding(), item * e, e, row.length);
        if (cachedRows.get() < maxCachedRows && gates.compareAndSet(item, null, row)) {
            cachedRows.incrementAndGet();
        }
        return row;
    }

    private static void accumulate(float[] z, float[] weights, float[] packed, float[] x, int xOff, int rows, int width) {
        if (VECTORISED) {
            LstmVectorOps.accumulate(z, packed, x, xOff, rows, width);
        } else {
            LstmStep.accumulate(z, weights, x, xOff, rows, width);
        }
    }
}
