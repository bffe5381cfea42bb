package io.profilestream.profileupdater.refit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a version into a models directory the way the trainer does: into a '.'-directory, then
 * renamed into place, so the poller's own scans never see a half-written version.
 */
public final class TestExports {

    /** Writes one version's files into the directory it is given. */
    @FunctionalInterface
    public interface Writer {
        void write(Path versionDir) throws IOException;
    }

    private TestExports() {
    }

    /** Exports {@code version} into {@code models} with {@code writer}; returns the version directory. */
    public static Path export(Path models, String version, Writer writer) throws IOException {
        Path staging = Files.createDirectories(models.resolve(".export-" + version));
        writer.write(staging);
        return Files.move(staging, models.resolve(version), StandardCopyOption.ATOMIC_MOVE);
    }
}
