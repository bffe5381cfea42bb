package io.profilestream.model.bench;

import java.lang.management.ManagementFactory;

/** Time and bytes allocated per call on the current thread, for this module's manual benchmarks. */
public final class PerCallCost {

    /** One call; its result is summed into a sink so the JIT cannot drop the work. */
    @FunctionalInterface
    public interface Call {
        long run(int i) throws Exception;
    }

    private PerCallCost() {
    }

    /** Runs {@code call} {@code calls} times; returns {µs per call, bytes allocated per call}. */
    public static double[] measure(int calls, Call call) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long bytes = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        long sink = 0;
        for (int i = 0; i < calls; i++) {
            sink += call.run(i);
        }
        long nanos = System.nanoTime() - start;
        bytes = threads.getCurrentThreadAllocatedBytes() - bytes;
        if (sink == 42) {
            System.out.print("");
        }
        return new double[] {nanos / 1e3 / calls, (double) bytes / calls};
    }
}
