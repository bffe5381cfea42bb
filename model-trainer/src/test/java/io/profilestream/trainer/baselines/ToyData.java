package io.profilestream.trainer.baselines;

import io.profilestream.trainer.data.Interaction;
import io.profilestream.trainer.eval.TrainingData;
import java.util.ArrayList;
import java.util.List;

/**
 * The toy training set of the baseline tests (vocabulary A=0 B=1 C=2 D=3 E=4):
 * <pre>
 *   S1: A B C   (ends at t=100)
 *   S2: B C D   (ends at t=200)
 *   S3: A C     (ends at t=300)
 *   S4: D E     (ends at t=400)
 * </pre>
 * Sessions containing each item: A {S1,S3}, B {S1,S2}, C {S1,S2,S3}, D {S2,S4}, E {S4}.
 */
final class ToyData {

    static final int A = 0, B = 1, C = 2, D = 3, E = 4;

    private ToyData() {
    }

    static TrainingData training() {
        List<Interaction> rows = new ArrayList<>();
        add(rows, "S1", 100, "A", "B", "C");
        add(rows, "S2", 200, "B", "C", "D");
        add(rows, "S3", 300, "A", "C");
        add(rows, "S4", 400, "D", "E");
        return TrainingData.of(rows);
    }

    private static void add(List<Interaction> rows, String session, long end, String... items) {
        for (int i = 0; i < items.length; i++) {
            rows.add(new Interaction(session, "", items[i], end - items.length + 1 + i, "view", "", ""));
        }
    }
}
