package io.profilestream.ml.lstm;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.config.SDValue;
import org.nd4j.autodiff.samediff.config.SDValueType;
import org.nd4j.autodiff.samediff.internal.AbstractSession;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.SessionMemMgr;
import org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr;
import org.nd4j.autodiff.samediff.internal.memory.NoOpMemoryMgr;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Frees the training loop's native buffers when a step ends instead of at the next garbage
 * collection.
 *
 * <p>Why: SameDiff 1.0.0-M2.1 runs {@code calculateGradientsAndOutputs} in its "grad" function
 * with array release switched off, so the step's intermediate arrays (6-56 MB per Diginetica step:
 * logits over 1,024 negatives and their gradients) waited for the garbage collector; the process
 * grew by tens to hundreds of MB per epoch, and every step paid for zeroing fresh pages. Epochs in
 * which the process grew took up to twice as long as the others (2026-12-02, docs/BENCHMARKS.md
 * "Training speed").
 */
final class NativeArrays {

    /** SameDiff's key for the gradient function ({@code SameDiff.GRAD_FN_KEY}, protected there). */
    private static final String GRAD_FUNCTION = "grad";

    private NativeArrays() {
    }

    /** Row-major float copy of {@code a}; the temporary copies it needs are freed before returning. */
    static float[] floats(INDArray a) {
        INDArray c = a.dup('c'); // dup returns the array itself when it is empty: never free that
        INDArray f = c.castTo(DataType.FLOAT);
        float[] out = f.data().asFloat();
        if (f != c && f != a) {
            free(f);
        }
        if (c != a) {
            free(c);
        }
        return out;
    }

    /** Writes {@code values} (row-major) into {@code target} in place. */
    static void assign(INDArray target, float[] values) {
        INDArray source = Nd4j.create(values, target.shape(), 'c');
        try {
            target.assign(source);
        } finally {
            free(source);
        }
    }

    /** Frees the native buffer of an array that owns one; views and closed arrays are skipped. */
    static void free(INDArray a) {
        if (a != null && !a.wasClosed() && a.closeable()) {
            a.close();
        }
    }

    static void free(Collection<INDArray> arrays) {
        for (INDArray a : arrays) {
            free(a);
        }
    }

    /**
     * Frees the arrays that the calling thread's last gradient calculation on {@code sd} computed
     * (op outputs only), never a buffer that overlaps one of the graph's variables or constants,
     * which a reshape output may share. The session overwrites every entry on its next run.
     *
     * <p>The session's array cache is replaced by a no-op one on the first call: it still received
     * the outputs no op needs, so it would hand out, or compare, arrays freed here (Taobao, epoch
     * 16: "Op.X argument was closed before call" in {@code ArrayCacheMemoryMgr.release}).
     */
    static void freeGradientStep(SameDiff sd) {
        SameDiff grad = sd.getFunction(GRAD_FUNCTION);
        if (grad == null) {
            return;
        }
        InferenceSession session = grad.getSessions().get(Thread.currentThread().getId());
        if (session == null) {
            return;
        }
        List<long[]> kept = new ArrayList<>();
        keep(sd, kept);
        keep(grad, kept);
        if (!(session.getMmgr() instanceof NoOpMemoryMgr)) {
            SessionMemMgr cache = session.getMmgr();
            session.setMmgr(new NoOpMemoryMgr());
            if (cache instanceof ArrayCacheMemoryMgr c) {
                for (INDArray a : new ArrayList<>(c.getLruCacheValues().values())) {
                    freeUnlessKept(a, kept);
                }
            }
        }
        for (Map.Entry<AbstractSession.VarId, SDValue> e : session.getNodeValueOutputs().entrySet()) {
            SDVariable v = grad.hasVariable(e.getKey().getVariable()) ? grad.getVariable(e.getKey().getVariable()) : null;
            SDValue value = e.getValue();
            if (v == null || v.getVariableType() != VariableType.ARRAY || value == null) {
                continue;
            }
            if (value.getSdValueType() == SDValueType.TENSOR) {
                freeUnlessKept(value.getTensorValue(), kept);
            } else if (value.getSdValueType() == SDValueType.LIST && value.getListValue() != null) {
                for (INDArray a : value.getListValue()) {
                    freeUnlessKept(a, kept);
                }
            }
        }
    }

    private static void keep(SameDiff sd, List<long[]> kept) {
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE || v.getVariableType() == VariableType.CONSTANT) {
                INDArray a = v.getArr();
                if (a != null && !a.wasClosed() && a.data() != null) {
                    kept.add(range(a.data()));
                }
            }
        }
    }

    private static void freeUnlessKept(INDArray a, List<long[]> kept) {
        if (a == null || a.wasClosed() || a.isView() || a.isEmpty() || a.data() == null || !a.closeable()) {
            return;
        }
        long[] r = range(a.data());
        for (long[] k : kept) {
            if (r[0] < k[1] && k[0] < r[1]) {
                return;
            }
        }
        a.close();
    }

    /** [start, end) of a buffer's native memory. */
    private static long[] range(DataBuffer b) {
        long start = b.address();
        return new long[]{start, start + b.length() * b.getElementSize()};
    }
}
