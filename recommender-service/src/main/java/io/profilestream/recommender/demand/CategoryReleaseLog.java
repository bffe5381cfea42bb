package io.profilestream.recommender.demand;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.profilestream.model.dp.PrivacyNote;
import io.profilestream.model.serde.Json;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The released hours of all categories, as {@link CategoryReleaseSchedule} released them: kept in
 * memory and, when a file is given, appended to it as one JSON line per hour and flushed to disk
 * ({@code fsync}) before the hour is served, so a restart reads them back instead of losing them or
 * paying for them again. The file sits next to the privacy budget ledger
 * ({@link #fileNextTo}); the ledger's lock keeps a second instance off both.
 *
 * <p>Damage: a last line cut short by a crash during its write is dropped on open (the hour was
 * never served; its charge is spent). Any other unreadable line fails {@link #open}: serving a
 * history with silently missing hours would hide the damage. Hours older than the history are
 * dropped on open and, while running, the file is rewritten once it holds a day more than kept.
 *
 * <p>Thread-safe: one writer (the schedule), many readers (requests).
 */
public final class CategoryReleaseLog implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(CategoryReleaseLog.class);
    private static final ObjectMapper JSON = Json.mapper();
    /** Lines the file may hold beyond the hours kept before it is rewritten. */
    private static final int SLACK_LINES = 24;

    /**
     * One hour of all (locally owned) catalogue categories, released as one histogram.
     *
     * @param hour  start of the hour
     * @param note  the release: ε, sensitivity, noise and the ledger receipt that paid for it
     * @param cells the noisy counts (clamped at 0) of every category of the release's domain
     */
    public record HourRelease(Instant hour, PrivacyNote note, Map<String, DemandCounts> cells) {
        public HourRelease {
            Objects.requireNonNull(hour, "hour");
            Objects.requireNonNull(note, "note");
            cells = Collections.unmodifiableMap(new TreeMap<>(cells));
        }
    }

    private final NavigableMap<Instant, HourRelease> hours = new ConcurrentSkipListMap<>();
    private final Path file;
    private FileChannel channel;
    private int linesInFile;

    private CategoryReleaseLog(Path file) {
        this.file = file;
    }

    /** Released hours kept in memory only: a restart loses them. */
    public static CategoryReleaseLog inMemory() {
        return new CategoryReleaseLog(null);
    }

    /** The file of released hours kept next to the ledger file {@code ledgerFile}. */
    public static Path fileNextTo(Path ledgerFile) {
        return ledgerFile.resolveSibling(ledgerFile.getFileName() + ".demand-releases.jsonl");
    }

    /**
     * Opens (creating it if needed) the file of released hours and reads back the hours from
     * {@code keepFrom} on.
     *
     * @throws IOException           when the file cannot be created, read or written
     * @throws IllegalStateException when a line other than a cut-short last one is unreadable
     */
    public static CategoryReleaseLog open(Path file, Instant keepFrom) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        CategoryReleaseLog log = new CategoryReleaseLog(absolute);
        int read = 0;
        boolean damaged = false;
        if (Files.exists(absolute)) {
            String text = Files.readString(absolute, StandardCharsets.UTF_8);
            String[] lines = text.split("\n", -1);
            // The element after the last '\n' is "" for a complete file, or a line cut short.
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                boolean last = i == lines.length - 1;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    if (last) {
                        throw new IOException("no line end");
                    }
                    HourRelease release = JSON.readValue(line, HourRelease.class);
                    read++;
                    if (!release.hour().isBefore(keepFrom)) {
                        log.hours.put(release.hour(), release);
                    }
                } catch (IOException | RuntimeException e) {
                    if (!last) {
                        throw new IllegalStateException("line " + (i + 1) + " of the released demand hours file "
                                + absolute + " is unreadable (" + e.getMessage() + "); the released history would "
                                + "be incomplete: repair or remove the line", e);
                    }
                    LOG.warn("Released demand hours file {}: dropping its last line, cut short by a crash while "
                            + "it was written (that hour was never served)", absolute);
                    damaged = true;
                }
            }
        }
        if (damaged || read > log.hours.size()) {
            log.rewrite();
        } else {
            log.linesInFile = read;
        }
        log.channel = FileChannel.open(absolute, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        LOG.info("Released demand hours: {} hour(s) read back from {}", log.hours.size(), absolute);
        return log;
    }

    /** Whether {@code hour} was released. */
    public boolean isReleased(Instant hour) {
        return hours.containsKey(hour);
    }

    /** The released hours starting in {@code [from, to)}, oldest first (a live, read-only view). */
    public NavigableMap<Instant, HourRelease> between(Instant from, Instant to) {
        return Collections.unmodifiableNavigableMap(hours.subMap(from, true, to, false));
    }

    /** Hours held. */
    public int size() {
        return hours.size();
    }

    /** Whether released hours survive a restart. */
    public boolean persistent() {
        return file != null;
    }

    /**
     * Records a released hour: on disk first (written and flushed), then served.
     *
     * @throws UncheckedIOException when the file cannot be written; the hour is then not served
     */
    public synchronized void add(HourRelease release) {
        if (channel != null) {
            try {
                ByteBuffer line = ByteBuffer.wrap((JSON.writeValueAsString(release) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                while (line.hasRemaining()) {
                    channel.write(line);
                }
                channel.force(true);
                linesInFile++;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record the released demand hour " + release.hour() + " in "
                        + file, e);
            }
        }
        hours.put(release.hour(), release);
    }

    /** Forgets the hours before {@code from}; rewrites the file when it holds a day more than kept. */
    public synchronized void forgetBefore(Instant from) {
        hours.headMap(from).clear();
        if (channel != null && linesInFile > hours.size() + SLACK_LINES) {
            try {
                channel.close();
                rewrite();
            } catch (IOException e) {
                // The old lines are dropped on the next open anyway; the file only stays larger.
                LOG.warn("Cannot rewrite the released demand hours file {}: {}", file, e.toString());
            } finally {
                try {
                    channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.APPEND);
                } catch (IOException e) {
                    // add() then fails for each hour, which stays unreleased and is retried: nothing unrecorded is served.
                    LOG.error("Cannot reopen the released demand hours file {}: {}", file, e.toString());
                }
            }
        }
    }

    /** Replaces the file by the hours held: a temporary file, flushed, then moved over it. */
    private void rewrite() throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        List<String> lines = new ArrayList<>(hours.size());
        for (HourRelease release : hours.values()) {
            lines.add(line(release));
        }
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(String.join("", lines).getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        linesInFile = hours.size();
    }

    private static String line(HourRelease release) {
        try {
            return JSON.writeValueAsString(release) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a released demand hour as JSON", e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
