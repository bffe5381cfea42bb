package io.profilestream.ml.bench;

import io.profilestream.ml.NextItemModel.State;
import io.profilestream.ml.lstm.LstmKernel;
import io.profilestream.ml.lstm.LstmStep;
import io.profilestream.ml.lstm.LstmWeights;

import java.lang.management.ManagementFactory;
import java.util.Random;

/**
 * Manual measurement of one LSTM step (never run by the build: no @Test): the reference
 * {@link LstmStep#step} against {@link LstmKernel} with its gate cache, in the same run, on random
 * weights of the serving shape. Prints µs per step for each and the ratio reference / kernel, and
 * checks on the way that both give the same states.
 *
 * <pre>
 * mvn -B -q -pl common-model,model-core -am test-compile
 * java --add-modules=jdk.incubator.vector -cp model-core/target/test-classes:model-core/target/classes \
 *   io.profilestream.ml.bench.LstmStepBenchmark [items=50000] [hidden=128] [embedding=64] [steps=200000]
 * </pre>
 * Without {@code --add-modules=jdk.incubator.vector} the kernel's scalar fallback is measured.
 */
public final class LstmStepBenchmark {

    private LstmStepBenchmark() {
    }

    public static void main(String[] args) {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int hidden = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int embedding = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int steps = args.length > 3 ? Integer.parseInt(args[3]) : 200_000;
        Random r = new Random(1);
        LstmWeights w = new LstmWeights(items, embedding, hidden, gaussian(r, items * embedding),
                gaussian(r, embedding * 4 * hidden), gaussian(r, hidden * 4 * hidden), gaussian(r, 4 * hidden),
                gaussian(r, items * hidden), gaussian(r, items));
        // Zipf-like item draws: a few thousand distinct items dominate, as in a shop's traffic.
        int[] sequence = new int[steps];
        for (int i = 0; i < steps; i++) {
            sequence[i] = (int) Math.min(items - 1, Math.floor(Math.exp(r.nextDouble() * Math.log(items))) - 1);
        }
        LstmKernel kernel = new LstmKernel(w);
        System.out.printf("LstmStepBenchmark items=%d hidden=%d embedding=%d steps=%d vectorised=%s, java %s, %d cpus, "
                        + "load average %.2f%n", items, hidden, embedding, steps, LstmKernel.VECTORISED,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        for (int round = 1; round <= 5; round++) {
            State ref = new State(new float[hidden], new float[hidden]);
            long t0 = System.nanoTime();
            for (int item : sequence) {
                ref = LstmStep.step(w, ref, item);
            }
            double refUs = (System.nanoTime() - t0) / 1e3 / steps;
            State fast = new State(new float[hidden], new float[hidden]);
            long t1 = System.nanoTime();
            for (int item : sequence) {
                fast = kernel.step(fast, item);
            }
            double fastUs = (System.nanoTime() - t1) / 1e3 / steps;
            // Not bit-identical since the vectorised activation (LstmVectorOps): a few float ulp.
            float diff = 0f;
            for (int j = 0; j < hidden; j++) {
                diff = Math.max(diff, Math.max(Math.abs(ref.h()[j] - fast.h()[j]), Math.abs(ref.c()[j] - fast.c()[j])));
            }
            if (diff > 1e-5f) {
                throw new IllegalStateException("kernel and reference disagree by " + diff);
            }
            System.out.printf("round %d: reference %.1f µs/step, kernel %.1f µs/step, ratio %.2f (%d items cached, "
                            + "final states differ by %.2g)%n", round, refUs, fastUs, refUs / fastUs, kernel.cachedItems(), diff);
        }
    }

    private static float[] gaussian(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * 0.1);
        }
        return a;
    }
}
