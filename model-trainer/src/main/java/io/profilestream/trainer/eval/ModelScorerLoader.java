package io.profilestream.trainer.eval;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Plugs a trained-model directory ({@code evaluate --model DIR}) into the evaluation. Found with
 * {@link java.util.ServiceLoader}: an implementation is registered in
 * {@code META-INF/services/io.profilestream.trainer.eval.ModelScorerLoader}.
 */
public interface ModelScorerLoader {

    /** Whether this loader understands {@code modelDir} (e.g. by its metadata file). */
    boolean accepts(Path modelDir);

    /** A factory for the model in {@code modelDir}; loading fails here, naming the problem, never half-way. */
    ScorerFactory load(Path modelDir) throws IOException;

    /**
     * Every scorer a model directory offers (e.g. the LSTM alone and the LSTM with its ranker), in
     * table order; by default just {@link #load}.
     */
    default java.util.List<ScorerFactory> loadAll(Path modelDir) throws IOException {
        return java.util.List.of(load(modelDir));
    }
}
