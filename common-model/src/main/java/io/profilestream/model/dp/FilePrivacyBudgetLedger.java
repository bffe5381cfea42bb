package io.profilestream.model.dp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.profilestream.model.serde.Json;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link PrivacyBudgetLedger} that survives restarts: each charge is appended to a file as one
 * JSON line ({@code {"seq":1,"release":"segment-sizes","epsilon":0.5,"at":"2026-11-30T09:00:00Z"}})
 * and flushed to disk ({@code fsync}) before {@link #charge} returns, so a release that was
 * returned is always on disk. Opening the file reads every line back, so a restart does not
 * refill the budget.
 *
 * <p>The file is locked for as long as the ledger is open: a second ledger on the same file, in
 * this or another process on the host, is refused. Several service replicas therefore need their
 * own budgets (or a shared ledger, not provided here).
 *
 * <p>Damage: a last line cut short by a crash during its write is removed on open (its charge was
 * never acknowledged, so nothing was released for it). Any other unreadable line makes {@link #open}
 * fail: the spent budget would be unknown, and guessing low could release more than the budget.
 */
public final class FilePrivacyBudgetLedger extends AbstractPrivacyBudgetLedger implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(FilePrivacyBudgetLedger.class);
    private static final ObjectMapper JSON = Json.mapper();

    /** Real paths of the ledger files open in this JVM. */
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final Path realPath;
    private final FileChannel channel;
    private final FileLock lock;
    private long size;
    private boolean broken;

    private FilePrivacyBudgetLedger(Path file, Path realPath, FileChannel channel, FileLock lock, double budget,
                                    Duration period, Clock clock) {
        super(budget, period, clock);
        this.file = file;
        this.realPath = realPath;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Opens (creating it and its directories if needed) the ledger file and reads back its charges.
     *
     * @param file   the ledger file
     * @param budget ε per period, positive and finite
     * @param period length of a period, at least 1 s (periods are aligned to the Unix epoch)
     * @param clock  time of charges and of period boundaries
     * @throws IOException           when the file cannot be created, read or locked
     * @throws IllegalStateException when the file is in use by another ledger, or has an unreadable
     *                               line other than a cut-short last one
     */
    public static FilePrivacyBudgetLedger open(Path file, double budget, Duration period, Clock clock) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        boolean created = false;
        try {
            Files.createFile(absolute);
            created = true;
        } catch (FileAlreadyExistsException e) {
            // an existing ledger: read back below
        }
        // Checked before a second channel exists: on Linux, closing any channel of a file drops the
        // process's OS lock on it, even one taken through another channel.
        Path real = absolute.toRealPath();
        if (!OPEN.add(real)) {
            throw inUse(absolute);
        }
        FileChannel channel = null;
        boolean opened = false;
        try {
            channel = FileChannel.open(real, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw inUse(absolute);
            }
            if (created) {
                syncDirectory(absolute.getParent());
            }
            FilePrivacyBudgetLedger ledger = new FilePrivacyBudgetLedger(absolute, real, channel, lock, budget, period, clock);
            ledger.load();
            opened = true;
            return ledger;
        } finally {
            if (!opened) {
                if (channel != null) {
                    channel.close();
                }
                OPEN.remove(real);
            }
        }
    }

    private static IllegalStateException inUse(Path file) {
        return new IllegalStateException("the privacy budget ledger " + file + " is already open in another "
                + "ledger or process; each ledger file has one owner");
    }

    private void load() throws IOException {
        long length = channel.size();
        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(length));
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) >= 0) {
            // read until full
        }
        String content = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        int lineStart = 0;
        int lineNumber = 0;
        int restored = 0;
        while (lineStart < content.length()) {
            int end = content.indexOf('\n', lineStart);
            lineNumber++;
            if (end < 0) {
                // The last write was cut short before its newline: never acknowledged, so drop it.
                long keep = content.substring(0, lineStart).getBytes(StandardCharsets.UTF_8).length;
                LOG.warn("privacy budget ledger {}: removing the incomplete last line {} ({} bytes), left by an "
                        + "interrupted write whose release was never returned", file, lineNumber, length - keep);
                channel.truncate(keep);
                channel.force(true);
                break;
            }
            String line = content.substring(lineStart, end).strip();
            if (!line.isEmpty()) {
                restore(parse(line, lineNumber));
                restored++;
            }
            lineStart = end + 1;
        }
        size = channel.size();
        LOG.info("privacy budget ledger {}: {} charges on record, epsilon {} of {} spent in the current period "
                + "(ends {})", file, restored, spent(), budget(), periodEndsAt());
    }

    private LedgerEntry parse(String line, int lineNumber) {
        try {
            return JSON.readValue(line, LedgerEntry.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("privacy budget ledger " + file + " line " + lineNumber + " is not a ledger "
                    + "entry, so the spent budget is unknown; repair or move the file (" + e.getMessage() + ")", e);
        }
    }

    @Override
    protected void persist(LedgerEntry entry) throws IOException {
        if (!channel.isOpen()) {
            throw new IOException("privacy budget ledger " + file + " is closed");
        }
        if (broken) {
            throw new IOException("privacy budget ledger " + file + " could not be repaired after a failed write; "
                    + "restart the service");
        }
        ByteBuffer bytes = ByteBuffer.wrap((JSON.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            long position = size;
            while (bytes.hasRemaining()) {
                position += channel.write(bytes, position);
            }
            channel.force(true);
            size = position;
        } catch (IOException e) {
            undoPartialWrite();
            throw e;
        }
    }

    /** A half-written line would make the file unreadable after the next append: cut it off again. */
    private void undoPartialWrite() {
        try {
            channel.truncate(size);
            channel.force(true);
        } catch (IOException e) {
            broken = true;
            LOG.error("privacy budget ledger {}: could not remove a partly written line; refusing further charges", file, e);
        }
    }

    private static void syncDirectory(Path directory) {
        // Makes the new file's directory entry durable; not supported everywhere (e.g. Windows), where the OS does it.
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.debug("could not fsync directory {}", directory, e);
        }
    }

    /** The ledger file. */
    public Path file() {
        return file;
    }

    /** Releases the file lock; later charges fail. */
    @Override
    public synchronized void close() throws IOException {
        if (!channel.isOpen()) {
            return;
        }
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
            OPEN.remove(realPath);
        }
    }
}
