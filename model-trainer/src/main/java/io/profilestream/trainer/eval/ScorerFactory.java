package io.profilestream.trainer.eval;

import io.profilestream.ml.SessionScorer;
import java.io.IOException;

/**
 * Makes one scorer for an evaluation run: baselines fit themselves on the training data, a
 * trained model loads its artifact. A model must refuse (with a clear message) training data
 * whose {@link TrainingData#vocabulary()} fingerprint differs from the vocabulary it was trained on,
 * because scores are indexed by that vocabulary.
 */
public interface ScorerFactory {

    /** Name used in result tables and to select it, e.g. {@code V-SKNN}. */
    String name();

    /**
     * Refuses {@code training} before any scorer of the run is evaluated, e.g. a model whose
     * vocabulary differs from it. Baselines accept any training data.
     *
     * @throws IllegalArgumentException naming the problem
     */
    default void verify(TrainingData training) {
    }

    /** Builds the scorer for {@code training}. */
    SessionScorer create(TrainingData training) throws IOException;
}
