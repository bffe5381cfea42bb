package io.profilestream.ml.serving;

import io.profilestream.ml.artifact.ModelsDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The model of some kind {@code T} a service uses right now, kept up to date from a models
 * directory: the next-item models ({@link ModelRegistry}), the churn model, the segment model.
 *
 * <p>Which version: the one named in {@code <dir>/CURRENT} when that file exists (operators pin or
 * roll back by writing a version name into it), otherwise the greatest directory name (the
 * trainer's versions start with a UTC timestamp, so that is the newest). Only names that are valid
 * version labels count: names starting with '.' are exports in progress, and directories such as
 * {@code lost+found} are not versions.
 *
 * <p>Swapping: a candidate is fully loaded and validated off the serving path, then published
 * with one atomic reference write. Callers take {@link #current()} once per request or event and
 * finish with that instance, so a swap never fails a request. A candidate that fails to load, or
 * whose own version label is not its directory's name, is refused with one log line, the previous
 * model stays, and the same files are not retried until they change.
 *
 * <p>Polling rather than a {@code WatchService}: mounted volumes (Kubernetes ConfigMaps, NFS) swap
 * symlinks or change files without inotify events, and a scan of one directory is cheap.
 *
 * @param <T> the loaded model; immutable and thread-safe, as callers keep using an instance after a swap
 */
public class VersionedModels<T> implements AutoCloseable {

    /** Name of the optional file that pins the version to serve ({@link ModelsDirectory#CURRENT_FILE}). */
    public static final String CURRENT_FILE = ModelsDirectory.CURRENT_FILE;

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String what;
    private final Path dir;
    private final Function<Path, T> loader;
    private final Function<T, String> versionOf;
    private final String versionSource;
    private final AtomicReference<T> current = new AtomicReference<>();
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private volatile String refusedKey;
    private volatile Event lastEvent;
    private ScheduledExecutorService poller;

    /** What happened at a scan that changed something. */
    public sealed interface Event {
        /** The version involved. */
        String version();

        /** A version was loaded and is now served. {@code previous} is null for the first one. */
        record Loaded(String version, String previous, long loadMillis) implements Event {
        }

        /** A version could not be loaded; the previous one (maybe none) is still served. */
        record Refused(String version, String reason) implements Event {
        }
    }

    /**
     * @param what          what the models are, capitalised, for log lines and the poller thread's
     *                      name, e.g. {@code Segment model}
     * @param dir           the models directory (need not exist yet)
     * @param loader        loads and validates one version directory; throws on any problem
     * @param versionOf     the version label a loaded model carries (must equal its directory's name)
     * @param versionSource where that label is read from, for the refusal, e.g. {@code segment-model.json}
     */
    public VersionedModels(String what, Path dir, Function<Path, T> loader, Function<T, String> versionOf,
                           String versionSource) {
        this.what = Objects.requireNonNull(what, "what");
        this.dir = Objects.requireNonNull(dir, "dir");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.versionOf = Objects.requireNonNull(versionOf, "versionOf");
        this.versionSource = Objects.requireNonNull(versionSource, "versionSource");
    }

    /** A fixed instance: serves {@code model} for ever, no directory, scans find nothing. */
    protected VersionedModels(String what, T model, Function<T, String> versionOf) {
        this.what = Objects.requireNonNull(what, "what");
        this.dir = null;
        this.loader = p -> {
            throw new IllegalStateException("a fixed " + what + " loads nothing");
        };
        this.versionOf = Objects.requireNonNull(versionOf, "versionOf");
        this.versionSource = "";
        this.current.set(Objects.requireNonNull(model, "model"));
    }

    /**
     * Always serves {@code model}: a deployment that names one artifact instead of a models
     * directory, or a test.
     */
    public static <T> VersionedModels<T> fixed(String what, T model, Function<T, String> versionOf) {
        return new VersionedModels<>(what, model, versionOf);
    }

    /**
     * Either one artifact or a models directory of versions, told apart by whether
     * {@code artifactFile} is directly in {@code path} (or {@code path} is that file): a service
     * property that used to name one artifact keeps meaning that, and may now name a directory the
     * trainer re-fits into.
     *
     * @param what         as for the constructor, e.g. {@code Segment model}
     * @param path         the artifact directory, the artifact file, or a models directory
     * @param artifactFile the artifact's file name, e.g. {@code segment-model.json}
     * @param loader       loads and validates one artifact directory or file; throws on any problem
     * @param versionOf    the version label a loaded model carries
     * @return a {@link #fixed} instance over the artifact, loaded now (so its problem surfaces now),
     *         or a not yet scanned instance following the models directory: call {@link #scan()}
     *         and {@link #start(Duration)}
     * @throws RuntimeException whatever {@code loader} throws for a single artifact
     */
    public static <T> VersionedModels<T> artifactOrDirectory(String what, Path path, String artifactFile,
                                                             Function<Path, T> loader, Function<T, String> versionOf) {
        if (isSingleArtifact(path, artifactFile)) {
            return fixed(what, loader.apply(path), versionOf);
        }
        return new VersionedModels<>(what, path, loader, versionOf, artifactFile);
    }

    /**
     * {@link #artifactOrDirectory}, ready to serve: a single artifact is loaded now (its problem
     * is thrown now, to fail start-up); a models directory is scanned once before returning, so a
     * version already there is in use from the first request, then polled every {@code pollInterval}.
     * Close the result with the service (it stops the poller).
     */
    public static <T> VersionedModels<T> open(String what, Path path, String artifactFile, Function<Path, T> loader,
                                              Function<T, String> versionOf, Duration pollInterval) {
        Path absolute = path.toAbsolutePath();
        VersionedModels<T> models = artifactOrDirectory(what, absolute, artifactFile, loader, versionOf);
        if (models.dir == null) {
            models.log.info("{} {} loaded from {} (a single artifact: not watched for new versions)", what,
                    models.currentVersion().orElseThrow(), absolute);
            return models;
        }
        models.scan();
        if (models.current().isEmpty()) {
            models.log.warn("No usable {} in {} yet: served without it until a version appears there (checked every {})",
                    what.toLowerCase(Locale.ROOT), absolute, pollInterval);
        }
        models.start(pollInterval);
        return models;
    }

    /**
     * The start-up check of a configured model path: it exists, or at least its parent does (a
     * models directory the first re-fit has not created yet, e.g. on a fresh volume, is waited for),
     * so a typo in a mount path still stops the service instead of silently turning the feature off.
     */
    public static boolean existsOrMayAppear(Path path) {
        if (Files.exists(path)) {
            return true;
        }
        Path parent = path.toAbsolutePath().getParent();
        return parent != null && Files.isDirectory(parent);
    }

    /** True when {@code path} is the artifact file itself or a directory holding it directly. */
    public static boolean isSingleArtifact(Path path, String artifactFile) {
        return Files.isRegularFile(path) || Files.isRegularFile(path.resolve(artifactFile));
    }

    /** The model to use now, empty until one has loaded. */
    public Optional<T> current() {
        return Optional.ofNullable(current.get());
    }

    /** The version label of {@link #current()}, empty until one has loaded. */
    public Optional<String> currentVersion() {
        return current().map(versionOf);
    }

    /** The version label {@code model} carries (e.g. to name a model taken from {@link #current()} once). */
    public String versionOf(T model) {
        return versionOf.apply(model);
    }

    /** The models directory followed, empty for a {@link #fixed} instance. */
    public Optional<Path> directory() {
        return Optional.ofNullable(dir);
    }

    /** Called after every load or refusal (on the scanning thread). */
    public void addListener(Consumer<Event> listener) {
        listeners.add(listener);
    }

    /** The latest load or refusal, or null. */
    public Event lastEvent() {
        return lastEvent;
    }

    /** Scans now, then every {@code interval} on a daemon thread; does nothing for a fixed instance. */
    public synchronized void start(Duration interval) {
        if (poller != null || dir == null) {
            return;
        }
        String threadName = what.toLowerCase(Locale.ROOT).replace(' ', '-') + "-registry";
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::scanQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Looks at the directory once and swaps in the wanted version if it is new and valid.
     *
     * @return the event of this scan, or empty when nothing changed
     */
    public synchronized Optional<Event> scan() {
        Optional<String> wanted = wantedVersion();
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        String version = wanted.get();
        T now = current.get();
        String nowVersion = now == null ? null : versionOf.apply(now);
        if (version.equals(nowVersion)) {
            return Optional.empty();
        }
        Path versionDir = dir.resolve(version);
        String key = version + "@" + lastModified(versionDir);
        if (key.equals(refusedKey)) {
            return Optional.empty();
        }
        long t0 = System.nanoTime();
        Event event;
        try {
            T loaded = loader.apply(versionDir);
            String loadedVersion = versionOf.apply(loaded);
            if (!version.equals(loadedVersion)) {
                throw new IllegalStateException(versionSource + " says version " + loadedVersion
                        + " but the directory is named " + version);
            }
            current.set(loaded);
            refusedKey = null;
            long millis = (System.nanoTime() - t0) / 1_000_000;
            event = new Event.Loaded(version, nowVersion, millis);
            log.info("{} {} loaded in {} ms and now serving (previous: {})", what, version, millis,
                    nowVersion == null ? "none" : nowVersion);
        } catch (RuntimeException e) {
            refusedKey = key;
            event = new Event.Refused(version, e.getMessage());
            log.error("{} {} refused, still serving {}: {}", what, version,
                    nowVersion == null ? "no model" : nowVersion, e.getMessage());
        }
        lastEvent = event;
        for (Consumer<Event> l : listeners) {
            l.accept(event);
        }
        return Optional.of(event);
    }

    // Synchronized with close(): a poll that was waiting for the lock while close() ran must not scan
    // afterwards (e.g. a directory being deleted at shutdown).
    private synchronized void scanQuietly() {
        if (poller == null) {
            return;
        }
        try {
            scan();
        } catch (RuntimeException e) {
            log.error("{} directory scan failed: {}", what, e.toString());
        }
    }

    /**
     * {@link ModelsDirectory} decides (pin, else the greatest valid label: '.'-names are exports in
     * progress, and e.g. an ext4 volume's {@code lost+found} would otherwise sort after every
     * timestamp label and be "the newest", refused forever). Unlike the trainer, a pin naming no
     * version directory is not an error here: it is returned and refused by the load, with the
     * served model kept; and an unreadable pin falls back to the newest version.
     */
    private Optional<String> wantedVersion() {
        if (dir == null) {
            return Optional.empty();
        }
        try {
            Optional<String> pin = ModelsDirectory.pinned(dir);
            if (pin.isPresent()) {
                return pin;
            }
        } catch (IOException e) {
            log.warn("Cannot read {}: {}", dir.resolve(CURRENT_FILE), e.toString());
        }
        try {
            return ModelsDirectory.newest(dir);
        } catch (IOException e) {
            log.warn("Cannot list {}: {}", dir, e.toString());
            return Optional.empty();
        }
    }

    private static long lastModified(Path versionDir) {
        long latest = 0;
        try (Stream<Path> s = Files.list(versionDir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                latest = Math.max(latest, Files.getLastModifiedTime(p).toMillis());
            }
        } catch (IOException e) {
            return -1;
        }
        return latest;
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }
}
