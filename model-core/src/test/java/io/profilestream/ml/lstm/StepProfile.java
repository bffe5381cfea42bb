package io.profilestream.ml.lstm;

import com.sun.management.OperatingSystemMXBean;
import io.profilestream.ml.Nd4jRuntime;
import org.nd4j.autodiff.listeners.profiler.ProfilingListener;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Manual profiler of one training step on random sessions (never run by the build: no @Test).
 * Prints wall ms per step, predictions/s and predictions per CPU-second; with a 4th argument it
 * also writes SameDiff's per-op Chrome trace (open in chrome://tracing or sum "dur" by "name").
 *
 * <p>Usage: {@code java [-Dneg=K] -cp ... io.profilestream.ml.lstm.StepProfile SESSIONS LENGTH STEPS [trace.json]}
 */
public final class StepProfile {

    private StepProfile() {
    }

    public static void main(String[] a) {
        Nd4jRuntime.configure();
        int v = 6508;
        int sessions = Integer.parseInt(a[0]);
        int length = Integer.parseInt(a[1]);
        int steps = Integer.parseInt(a[2]);
        LstmTrainingConfig c = new LstmTrainingConfig(100, 100, 1, sessions, 0.01, Integer.getInteger("neg", 512),
                0.75, 1L, 0.1, 20);
        Random r = new Random(1);
        List<int[]> data = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            data.add(r.ints(length + 1, 0, v).toArray());
        }
        List<Sequence> seqs = Sequence.cut(data, 20, v);
        NegativeSampler sampler = new NegativeSampler(seqs, v, 0.75);
        LstmTrainer.Graph g = LstmTrainer.Graph.build(v, c, List.of(), r);
        for (int i = 0; i < 3; i++) {
            g.fit(TrainingBatch.of(seqs, sampler, c, r), 0.01, 0);
        }
        if (a.length > 3) {
            g.sd.setListeners(ProfilingListener.builder(new File(a[3])).recordAll().warmup(0).build());
        }
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long t0 = System.nanoTime();
        long cpu0 = os.getProcessCpuTime();
        long build = 0;
        for (int i = 0; i < steps; i++) {
            long s = System.nanoTime();
            TrainingBatch b = TrainingBatch.of(seqs, sampler, c, r);
            build += System.nanoTime() - s;
            g.fit(b, 0.01, 0);
        }
        double sec = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        long predictions = (long) sessions * length * steps;
        System.out.printf("B=%d T=%d K=%d: %.1f ms/step (batch build %.1f ms), %.0f predictions/s, %.0f per CPU-s%n",
                sessions, length, c.negatives(), sec * 1000 / steps, build / 1e6 / steps, predictions / sec, predictions / cpu);
    }
}
