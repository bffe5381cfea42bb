package io.profilestream.trainer.churn;

import io.profilestream.ml.artifact.ModelsDirectory;
import io.profilestream.ml.churn.ChurnArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a {@code --churn-model PATH} names: a churn artifact (directory or file), or a models directory of them. */
public final class ChurnModels {

    private ChurnModels() {
    }

    /**
     * The artifact {@code path} stands for: itself when it is a file, a missing path (the loader names
     * it) or a directory holding {@value ChurnArtifact#FILE}; otherwise the models directory's current
     * version ({@code CURRENT}, else the greatest name), as the services pick it.
     *
     * @throws IllegalArgumentException for a directory that is neither, or whose CURRENT names no version
     */
    public static Path resolve(Path path) throws IOException {
        if (!Files.isDirectory(path) || Files.exists(path.resolve(ChurnArtifact.FILE))) {
            return path;
        }
        return ModelsDirectory.current(path).orElseThrow(() -> new IllegalArgumentException(path
                + ": neither a churn model (no " + ChurnArtifact.FILE + ") nor a models directory with a version"));
    }
}
