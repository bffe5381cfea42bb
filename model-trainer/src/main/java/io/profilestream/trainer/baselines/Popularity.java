package io.profilestream.trainer.baselines;

import io.profilestream.ml.SessionScorer;
import io.profilestream.trainer.eval.TrainingData;

/** Scores every item by its number of training clicks, whatever the session. */
public final class Popularity implements SessionScorer {

    /** Name in result tables. */
    public static final String NAME = "POP";

    private final float[] counts;

    /** Counts clicks in {@code training}. */
    public Popularity(TrainingData training) {
        counts = new float[training.vocabulary().size()];
        for (int s = 0; s < training.sessionCount(); s++) {
            for (int item : training.session(s)) {
                counts[item]++;
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void score(int[] prefix, int length, float[] out) {
        System.arraycopy(counts, 0, out, 0, counts.length);
    }
}
