package io.profilestream.ml.serving;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The model a service uses right now, kept up to date from a models directory.
 *
 * <p>Which version: the one named in {@code <dir>/CURRENT} when that file exists (operators pin or
 * roll back by writing a version name into it), otherwise the greatest directory name (the
 * trainer's versions start with a UTC timestamp, so that is the newest). Only names that are valid
 * version labels count: names starting with '.' are exports in progress, and directories such as
 * {@code lost+found} are not versions.
 *
 * <p>Swapping: a candidate is fully loaded and validated off the serving path, then published
 * with one atomic reference write. Callers take {@link #current()} once per request or event and
 * finish with that instance, so a swap never fails a request. A candidate that fails to load is
 * refused with one log line, the previous model stays, and the same files are not retried until
 * they change.
 *
 * <p>Polling rather than a {@code WatchService}: mounted volumes (Kubernetes ConfigMaps, NFS) swap
 * symlinks or change files without inotify events, and a scan of one directory is cheap.
 */
public final class ModelRegistry implements AutoCloseable {

    /** Name of the optional file that pins the version to serve. */
    public static final String CURRENT_FILE = "CURRENT";

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    /**
     * What a version directory can be named (the export's rule). Anything else is not a candidate:
     * '.'-names are exports in progress, and e.g. an ext4 volume's {@code lost+found} would
     * otherwise sort after every timestamp label and be "the newest", refused forever.
     */
    private static final Pattern VERSION_LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Path dir;
    private final Function<Path, ServingModel> loader;
    private final AtomicReference<ServingModel> current = new AtomicReference<>();
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
     * @param dir    the models directory (need not exist yet)
     * @param loader loads and validates one version directory; throws on any problem
     */
    public ModelRegistry(Path dir, Function<Path, ServingModel> loader) {
        this.dir = dir;
        this.loader = loader;
    }

    /** A registry that always serves {@code model} (tests, or a fixed deployment). */
    public static ModelRegistry fixed(ServingModel model) {
        ModelRegistry r = new ModelRegistry(Path.of("."), p -> model);
        r.current.set(model);
        return r;
    }

    /** The model to use now, empty until one has loaded. */
    public Optional<ServingModel> current() {
        return Optional.ofNullable(current.get());
    }

    /** Called after every load or refusal (on the scanning thread). */
    public void addListener(Consumer<Event> listener) {
        listeners.add(listener);
    }

    /** The latest load or refusal, or null. */
    public Event lastEvent() {
        return lastEvent;
    }

    /** Scans now, then every {@code interval} on a daemon thread. */
    public synchronized void start(Duration interval) {
        if (poller != null) {
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "model-registry");
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
        ServingModel now = current.get();
        if (now != null && now.version().equals(version)) {
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
            ServingModel loaded = loader.apply(versionDir);
            if (!loaded.version().equals(version)) {
                throw new IllegalStateException("metadata.json says version " + loaded.version()
                        + " but the directory is named " + version);
            }
            current.set(loaded);
            refusedKey = null;
            event = new Event.Loaded(version, now == null ? null : now.version(), (System.nanoTime() - t0) / 1_000_000);
            log.info("Model {} loaded in {} ms and now serving (previous: {})", version,
                    ((Event.Loaded) event).loadMillis(), now == null ? "none" : now.version());
        } catch (RuntimeException e) {
            refusedKey = key;
            event = new Event.Refused(version, e.getMessage());
            log.error("Model {} refused, still serving {}: {}", version, now == null ? "no model" : now.version(),
                    e.getMessage());
        }
        lastEvent = event;
        for (Consumer<Event> l : listeners) {
            l.accept(event);
        }
        return Optional.of(event);
    }

    private void scanQuietly() {
        try {
            scan();
        } catch (RuntimeException e) {
            log.error("Model directory scan failed: {}", e.toString());
        }
    }

    private Optional<String> wantedVersion() {
        Path pin = dir.resolve(CURRENT_FILE);
        if (Files.isRegularFile(pin)) {
            try {
                String v = Files.readString(pin).strip();
                if (!v.isEmpty()) {
                    return Optional.of(v);
                }
            } catch (IOException e) {
                log.warn("Cannot read {}: {}", pin, e.toString());
            }
        }
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> VERSION_LABEL.matcher(n).matches())
                    .max(Comparator.naturalOrder());
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
