package io.profilestream.trainer.train;

import io.profilestream.ml.artifact.ModelsDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --models-dir DIR [--keep N]} of a command whose model is re-fitted on a schedule: the
 * model becomes a new version {@code DIR/<version>/} of a models directory, written the way
 * {@code train --models-dir} writes (hidden directory renamed into place, {@link ModelsDirectory}),
 * which the services poll. Use as a {@code @Mixin}.
 */
public final class ModelsDirOptions {

    @Option(names = "--models-dir", paramLabel = "DIR",
            description = "Publish the model as DIR/<version>/ (written to DIR/.<version>.tmp-*, then renamed: atomic), "
                    + "the models directory the services poll.")
    public Path modelsDir;

    @Option(names = "--keep", defaultValue = "5", paramLabel = "N",
            description = "With --models-dir: keep the N newest versions and the one DIR/CURRENT names; older ones "
                    + "are removed (default: ${DEFAULT-VALUE}).")
    public int keep;

    /** @throws ParameterException on {@code --keep} below 1 */
    public void validate(CommandSpec spec) {
        if (keep < 1) {
            throw new ParameterException(spec.commandLine(), "--keep must be at least 1, got " + keep);
        }
    }

    /** True when {@code --models-dir} was given. */
    public boolean enabled() {
        return modelsDir != null;
    }

    /**
     * Fails now if publishing {@code version} is bound to fail ({@link ModelsDirectory#requirePublishable}):
     * call it before the run spends anything it cannot take back. Does nothing without {@code --models-dir}.
     */
    public void requirePublishable(String version) throws IOException {
        if (enabled()) {
            ModelsDirectory.requirePublishable(modelsDir, version);
        }
    }

    /**
     * Publishes {@code version} and removes versions beyond {@code --keep} (never the one just written,
     * never the pinned one); says what it removed on {@code err}.
     *
     * @return the new version directory
     */
    public Path publish(String version, ModelsDirectory.Contents contents, PrintWriter err) throws IOException {
        Path dir = ModelsDirectory.publish(modelsDir, version, contents);
        List<String> removed = ModelsDirectory.prune(modelsDir, keep, Set.of(version));
        if (!removed.isEmpty()) {
            err.printf("removed %d older version(s) of %s (--keep %d): %s%n", removed.size(), modelsDir, keep,
                    String.join(", ", removed));
        }
        return dir;
    }
}
