package io.profilestream.ml.artifact;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The writer's side of a models directory: {@code <dir>/<version>/} per version, an optional
 * {@code <dir>/CURRENT} naming the version to serve, and exports in progress in '.'-prefixed
 * directories renamed into place. It is also the one place that says which version a reader
 * picks ({@link #pinned}, else {@link #newest}; {@link #current(Path)} for the trainer):
 * {@link io.profilestream.ml.serving.VersionedModels} (and so
 * {@link io.profilestream.ml.serving.ModelRegistry}) asks it rather than keeping its own copy.
 *
 * <p>Every export of a versioned model ({@link ModelArtifact#export}, the trainer's churn and
 * segment models) goes through {@link #publish}, so a reader never sees half a version.
 */
public final class ModelsDirectory {

    /** Name of the optional file that pins the version to serve (same as {@code ModelRegistry.CURRENT_FILE}). */
    public static final String CURRENT_FILE = "CURRENT";

    /** What a version directory can be named; '.'-names are exports in progress. */
    public static final Pattern VERSION_LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private ModelsDirectory() {
    }

    /** Writes a version's files into the (empty, hidden) directory it is given. */
    @FunctionalInterface
    public interface Contents {
        /** @param dir the temporary version directory, already created */
        void writeInto(Path dir) throws IOException;
    }

    /** @throws IllegalArgumentException when {@code version} is not a {@link #VERSION_LABEL} */
    public static void requireVersionLabel(String version) {
        if (version == null || !VERSION_LABEL.matcher(version).matches()) {
            throw new IllegalArgumentException("model version must match [A-Za-z0-9][A-Za-z0-9._-]*, was '" + version + "'");
        }
    }

    /**
     * Fails now for what would make {@link #publish} fail for a reason knowable before the
     * contents exist: a bad label, a version that already exists, a directory that cannot be
     * created or written (checked by creating and removing a hidden probe directory, which also
     * catches read-only mounts that permission bits do not show). For a run that spends something
     * (a privacy budget, hours of training) before it publishes. Creates {@code modelsDir} if
     * missing, as {@link #publish} would.
     *
     * @throws IllegalArgumentException on a bad label or a version that already exists
     * @throws IOException              when the directory cannot be created or written
     */
    public static void requirePublishable(Path modelsDir, String version) throws IOException {
        requireVersionLabel(version);
        Path target = modelsDir.resolve(version);
        if (Files.exists(target)) {
            throw new IllegalArgumentException("model version already exists: " + target);
        }
        Path probe;
        try {
            Files.createDirectories(modelsDir);
            probe = Files.createTempDirectory(modelsDir, "." + version + ".probe-");
        } catch (IOException e) {
            throw new IOException("cannot publish into " + modelsDir + ": " + e, e);
        }
        Files.delete(probe);
    }

    /**
     * Writes {@code modelsDir/<version>/} atomically: {@code contents} fill a
     * {@code modelsDir/.<version>.tmp-*} directory, which is then renamed into place. On any
     * failure the temporary directory is removed and no version appears.
     *
     * @return the version directory
     * @throws IllegalArgumentException on a bad label or a version that already exists
     * @throws IOException              when writing fails or the file system cannot rename atomically
     */
    public static Path publish(Path modelsDir, String version, Contents contents) throws IOException {
        requireVersionLabel(version);
        Path target = modelsDir.resolve(version);
        if (Files.exists(target)) {
            throw new IllegalArgumentException("model version already exists: " + target);
        }
        Files.createDirectories(modelsDir);
        Path tmp = Files.createTempDirectory(modelsDir, "." + version + ".tmp-");
        try {
            contents.writeInto(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException ex) {
                throw new IOException("cannot rename " + tmp + " to " + target + " atomically", ex);
            }
            return target;
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** The version directories' names, ascending (oldest first); empty when the directory does not exist. */
    public static List<String> versions(Path modelsDir) throws IOException {
        if (!Files.isDirectory(modelsDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(modelsDir)) {
            return s.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> VERSION_LABEL.matcher(n).matches())
                    .sorted()
                    .toList();
        }
    }

    /** The version named in {@code CURRENT}, if that file exists and is not blank. */
    public static Optional<String> pinned(Path modelsDir) throws IOException {
        Path pin = modelsDir.resolve(CURRENT_FILE);
        if (!Files.isRegularFile(pin)) {
            return Optional.empty();
        }
        String v = Files.readString(pin).strip();
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /**
     * The greatest version name (the trainer's labels start with a UTC timestamp, so the newest),
     * the version served when nothing is pinned.
     *
     * @return empty when there is no version (or no directory)
     */
    public static Optional<String> newest(Path modelsDir) throws IOException {
        List<String> all = versions(modelsDir);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * The version a reader uses: the one {@code CURRENT} names, otherwise the greatest name.
     *
     * @return its directory, or empty when there is no version
     * @throws IllegalArgumentException when {@code CURRENT} names a version that does not exist
     */
    public static Optional<Path> current(Path modelsDir) throws IOException {
        Optional<String> pin = pinned(modelsDir);
        if (pin.isPresent()) {
            Path dir = modelsDir.resolve(pin.get());
            if (!VERSION_LABEL.matcher(pin.get()).matches() || !Files.isDirectory(dir)) {
                throw new IllegalArgumentException(modelsDir.resolve(CURRENT_FILE) + " names version '" + pin.get()
                        + "', which is not a version directory of " + modelsDir);
            }
            return Optional.of(dir);
        }
        return newest(modelsDir).map(modelsDir::resolve);
    }

    /**
     * Removes all but the {@code keep} greatest versions, never the one {@code CURRENT} names
     * (an operator's pin or roll-back) nor any in {@code alsoKeep}.
     *
     * @return the versions removed, ascending
     * @throws IllegalArgumentException when {@code keep < 1}
     */
    public static List<String> prune(Path modelsDir, int keep, Collection<String> alsoKeep) throws IOException {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, got " + keep);
        }
        List<String> all = versions(modelsDir);
        Optional<String> pin = pinned(modelsDir);
        List<String> removed = new ArrayList<>();
        for (String v : all.subList(0, Math.max(0, all.size() - keep))) {
            if (pin.filter(v::equals).isEmpty() && !alsoKeep.contains(v)) {
                delete(modelsDir.resolve(v));
                removed.add(v);
            }
        }
        return removed;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            delete(dir);
        } catch (IOException ignored) {
            // best effort: a leftover hidden temp dir is ignored by readers
        }
    }
}
