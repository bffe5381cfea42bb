package io.profilestream.localstack.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * CPU time (user + system) consumed so far by this JVM and by the broker, as the OS accounts it
 * ({@link ProcessHandle.Info#totalCpuDuration()}, {@code /proc/PID/stat} on Linux), and the part of
 * the broker's that the kernel spent on its behalf. The difference of two samples over a run,
 * divided by its events, is a cost per event: a second view of a throughput run that says which
 * process the time went to. It is not immune to other tenants (their cache and memory traffic raise
 * it; on a shared host it varied between runs about as much as events per second,
 * docs/BENCHMARKS.md runs 105-111).
 *
 * <p>The broker's kernel time is shown apart because on a virtual machine that hands freed memory
 * back to its host, writing log segments into page cache that was never touched costs the broker
 * several times more than writing into recycled pages (docs/BENCHMARKS.md, runs 117-124): a
 * variant that writes more bytes while the page cache grows pays that, not its own code.
 *
 * @param bench        this JVM's CPU time; null where the OS does not report it
 * @param broker       the broker's CPU time; null where the OS does not report it
 * @param brokerKernel the broker's system (kernel) CPU time; null where {@code /proc} does not have it
 */
record CpuTime(Duration bench, Duration broker, Duration brokerKernel) {

    /**
     * Linux reports {@code /proc} times in USER_HZ ticks, which the kernel's ABI fixes at 100 per
     * second for user space on every architecture it supports, whatever its internal HZ.
     */
    private static final long TICKS_PER_SECOND = 100;

    /** The CPU times now; {@code broker} is the broker's process, empty if it is not running. */
    static CpuTime now(Optional<ProcessHandle> broker) {
        return new CpuTime(ProcessHandle.current().info().totalCpuDuration().orElse(null),
                broker.flatMap(b -> b.info().totalCpuDuration()).orElse(null),
                broker.flatMap(b -> kernelTime(b.pid())).orElse(null));
    }

    /**
     * CPU per event between {@code earlier} and this sample, in microseconds: {bench, broker,
     * broker's kernel part}; NaN for a time the OS does not report.
     */
    double[] microsPerEventSince(CpuTime earlier, long events) {
        return new double[] {perEvent(earlier.bench, bench, events), perEvent(earlier.broker, broker, events),
                perEvent(earlier.brokerKernel, brokerKernel, events)};
    }

    /**
     * The system time in a {@code /proc/PID/stat} line: its 15th field, counted after the command
     * name's closing parenthesis, since the name itself may hold spaces and parentheses.
     */
    static Duration systemTime(String statLine) {
        int nameEnd = statLine.lastIndexOf(')');
        if (nameEnd < 0) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + statLine);
        }
        String[] afterName = statLine.substring(nameEnd + 1).trim().split(" ");
        // afterName[0] is field 3 (state), so field 15 (stime) is at index 12.
        return Duration.ofMillis(Long.parseLong(afterName[12]) * 1000 / TICKS_PER_SECOND);
    }

    /** The process's system time, or empty where {@code /proc} lacks it or holds a line this cannot read. */
    private static Optional<Duration> kernelTime(long pid) {
        try {
            return Optional.of(systemTime(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
        } catch (IOException | RuntimeException e) {
            // A missing column must not end a throughput run: the kernel part is printed as NaN.
            return Optional.empty();
        }
    }

    private static double perEvent(Duration from, Duration to, long events) {
        return from == null || to == null ? Double.NaN : (to.toNanos() - from.toNanos()) / 1e3 / events;
    }
}
