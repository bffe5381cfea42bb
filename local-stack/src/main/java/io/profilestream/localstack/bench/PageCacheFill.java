package io.profilestream.localstack.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;

/**
 * A file written once and kept while a throughput phase runs, so that the page cache the broker
 * and the state stores write into is memory the machine has already handed out ({@code bench
 * --page-cache-fill}).
 *
 * <p>Why: a virtual machine whose balloon device reports free pages to its host (virtio-balloon
 * free page reporting, as on this project's development VM) gets every freed page taken back; the
 * next write into it faults on the host. Writing 3 GB of fresh page cache there cost 5.6 s of
 * kernel time, writing over the same pages again 0.9 s (docs/BENCHMARKS.md, runs 117-124). A
 * freshly started broker grows its page cache through the whole phase, so the variant that writes
 * more bytes (the LSTM's profiles, twice the size) paid that fault on each of them, and perf showed
 * 42 % of the broker's samples in the kernel's page-cache copy during an lstm run against 2 % during
 * a noop run. A broker that has run for a while recycles its own page cache instead. Once this
 * file's pages are clean (written back) and free memory is short, the kernel reclaims page cache
 * for the runs' writes, mostly this file's, which is then memory already in place, as in that
 * steady state. Nothing forces it to pick this file's pages; run 124 halved the broker's kernel
 * time per event with it.
 *
 * <p>The file takes as much disk as memory, in the bench's data directory.
 */
final class PageCacheFill implements AutoCloseable {

    private static final int CHUNK = 1 << 20;

    private final Path file;

    private PageCacheFill(Path file) {
        this.file = file;
    }

    /**
     * Writes {@code mebibytes} MiB to {@code file}, forces them to disk (so that they are clean
     * and cheap to reclaim) and prints how long it took: the first write of fresh page cache is the
     * cost being moved out of the measured runs, so its rate shows whether this machine has it.
     */
    static PageCacheFill write(Path file, long mebibytes, PrintStream out) throws IOException {
        long usable = Files.getFileStore(file.getParent()).getUsableSpace() >> 20;
        if (mebibytes > usable) {
            throw new IOException(String.format(Locale.ROOT, "--page-cache-fill %d MiB does not fit on the disk of %s (%d MiB usable)",
                    mebibytes, file.getParent(), usable));
        }
        long started = System.nanoTime();
        CpuTime before = CpuTime.now(Optional.empty());
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long i = 0; i < mebibytes; i++) {
                chunk.clear();
                while (chunk.hasRemaining()) {
                    channel.write(chunk);
                }
            }
            channel.force(false);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuSeconds = CpuTime.now(Optional.empty()).microsPerEventSince(before, 1)[0] / 1e6;
        out.printf(Locale.ROOT, "  page cache filled: %,d MiB in %.1f s (%.0f MiB/s, %.1f s CPU of this JVM), kept until the phase ends%n",
                mebibytes, seconds, mebibytes / seconds, cpuSeconds);
        return new PageCacheFill(file);
    }

    /** Deletes the file. */
    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }
}
