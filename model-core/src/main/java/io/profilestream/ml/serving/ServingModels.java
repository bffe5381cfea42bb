package io.profilestream.ml.serving;

import io.profilestream.ml.artifact.ModelArtifact;
import io.profilestream.ml.lstm.LstmWeights;

import java.nio.file.Path;
import java.util.function.Function;

/** Loads a model version directory as a {@link ServingModel}; the loader a {@link ModelRegistry} uses. */
public final class ServingModels {

    private ServingModels() {
    }

    /**
     * Loads and validates {@code dir} with exact LSTM retrieval ({@link ExactRetriever}).
     *
     * @throws io.profilestream.ml.artifact.ModelArtifactException naming the file and the problem
     */
    public static HybridServingModel load(Path dir) {
        return load(dir, ExactRetriever::new);
    }

    /**
     * Loads and validates {@code dir}, retrieving LSTM candidates with the retriever {@code retriever}
     * builds over the model's weights (e.g. {@code HnswRetriever::new}, {@code QuantizedRetriever::new}
     * or {@code w -> new QuantizedRetriever(w, oversample)}); building it is part of the
     * load, so a registry swaps in a model only once its index is ready.
     *
     * @throws io.profilestream.ml.artifact.ModelArtifactException naming the file and the problem
     */
    public static HybridServingModel load(Path dir, Function<LstmWeights, ItemRetriever> retriever) {
        ModelArtifact artifact = ModelArtifact.load(dir);
        return new HybridServingModel(artifact, retriever.apply(artifact.lstm().weights()));
    }

    /**
     * Loads and validates {@code dir} for a process that only steps the LSTM (the profile-updater):
     * the same validation as {@link #load(Path)}, without building the ranker's kNN index over the
     * training sessions, which that process never queries (it cost seconds and tens of MB at every
     * start and hot reload).
     *
     * @throws io.profilestream.ml.artifact.ModelArtifactException naming the file and the problem
     */
    public static ArtifactServingModel loadForStepping(Path dir) {
        ModelArtifact artifact = ModelArtifact.load(dir);
        return new ArtifactServingModel(artifact, new ExactRetriever(artifact.lstm().weights()));
    }
}
