package io.profilestream.ml.serving;

import io.profilestream.ml.artifact.ModelArtifact;

import java.nio.file.Path;

/** Loads a model version directory as a {@link ServingModel}; the loader a {@link ModelRegistry} uses. */
public final class ServingModels {

    private ServingModels() {
    }

    /**
     * Loads and validates {@code dir}.
     *
     * @throws io.profilestream.ml.artifact.ModelArtifactException naming the file and the problem
     */
    public static ServingModel load(Path dir) {
        return new ArtifactServingModel(ModelArtifact.load(dir));
    }
}
