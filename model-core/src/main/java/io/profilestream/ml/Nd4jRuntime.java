package io.profilestream.ml;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One place that starts ND4J the way this project needs it: float32 everywhere and a bounded
 * native thread count. The count comes from system property {@code profilestream.ml.threads}, else
 * env {@code OMP_NUM_THREADS}, else 2 (the machine has 2 cores shared with Kafka; more OpenMP threads
 * than cores made small ops 3-20x slower in PROBES.md). Services doing batch-1 work should set 1.
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
        return Math.min(2, Runtime.getRuntime().availableProcessors());
    }
}
