package io.profilestream.trainer.churn;

import io.profilestream.ml.artifact.ModelsDirectory;
import io.profilestream.ml.churn.ChurnArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

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
        return resolveIfPublished(path).orElseThrow(() -> new IllegalArgumentException(path
                + ": neither a churn model (no " + ChurnArtifact.FILE + ") nor a models directory with a version"));
    }

    /**
     * As {@link #resolve}, but empty for a models directory nothing has been published into yet: an
     * existing directory with no version, or a missing one whose parent exists (the nightly segment
     * re-fit runs before an operator's first churn model, and must not fail for it). A missing path
     * whose parent is missing too is returned as is, so the loader names the typo.
     */
    public static Optional<Path> resolveIfPublished(Path path) throws IOException {
        if (!Files.exists(path)) {
            Path parent = path.toAbsolutePath().getParent();
            return parent != null && Files.isDirectory(parent) ? Optional.empty() : Optional.of(path);
        }
        if (!Files.isDirectory(path) || Files.exists(path.resolve(ChurnArtifact.FILE))) {
            return Optional.of(path);
        }
        return ModelsDirectory.current(path);
    }
}
