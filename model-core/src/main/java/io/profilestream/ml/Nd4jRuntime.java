package io.profilestream.ml;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One place that starts ND4J the way this project needs it: float32 everywhere and a bounded
 * native thread count. The count comes from system property {@code profilestream.ml.threads}, else
 * env {@code OMP_NUM_THREADS}, else 1; it bounds OpenBLAS's pool (libnd4j ignores it, below). Why 1:
 * the machine has 2 cores shared with Kafka and other JVMs, and idle native threads spin while
 * waiting; whenever the cores are busy (load average above the core count) 2 threads made a
 * training step 9-10x slower than 1 (B=64×T=5: 1,393 vs 145 ms, and B=256×T=5: 3,842 vs 420 ms at
 * load 9-11), and batch-1 inference 3-20x slower (PROBES.md). Set 2 only on an otherwise idle
 * machine, ideally with {@code OMP_WAIT_POLICY=passive} (which made 2 threads no worse than 1 under
 * load: 141-147 vs 156-198 ms/step).
 *
 * <p>libnd4j's own OpenMP pool is sized by env {@code OMP_NUM_THREADS} when the library loads:
 * in 1.0.0-M2.1 {@code Environment.setMaxThreads} leaves {@code maxThreads()} at the core count
 * (measured 2026-12-02: 2 after {@code setMaxThreads(1)}), so launchers that want one native thread
 * set that variable too (bin/profilestream-trainer, docker/trainer.Dockerfile, the local stack's
 * trainer process).
 */
public final class Nd4jRuntime {

    private static volatile boolean configured;

    private Nd4jRuntime() {
    }

    /** Idempotent; call before the first ND4J use. */
    public static synchronized void configure() {
        if (configured) {
            return;
        }
        int threads = threads();
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        // OpenBLAS keeps its own pool, which ND4J sizes to the core count unless OMP_NUM_THREADS is
        // set. Its spare worker spun in sched_yield for most of a core while the trainer ran (perf,
        // 2026-12-02: ~30 % of all samples), slowing the thread doing the work.
        Nd4j.factory().blas().setMaxThreads(threads);
        configured = true;
    }

    static int threads() {
        String v = System.getProperty("profilestream.ml.threads", System.getenv("OMP_NUM_THREADS"));
        if (v != null && !v.isBlank()) {
            try {
                return Math.max(1, Integer.parseInt(v.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("profilestream.ml.threads / OMP_NUM_THREADS must be an integer, was '" + v + "'");
            }
        }
        return 1;
    }
}
