package io.profilestream.localstack.bench;

import java.time.Duration;
import java.util.Optional;

/**
 * CPU time (user + system) consumed so far by this JVM and by the broker, as the OS accounts it
 * ({@link ProcessHandle.Info#totalCpuDuration()}, {@code /proc/PID/stat} on Linux). The
 * difference of two samples over a run, divided by its events, is a cost per event: a second view
 * of a throughput run that says which process the time went to. It is not immune to other
 * tenants (their cache and memory traffic raise it; on a shared host it varied between runs about
 * as much as events per second, docs/BENCHMARKS.md runs 105-111).
 *
 * @param bench  this JVM's CPU time; null where the OS does not report it
 * @param broker the broker's CPU time; null where the OS does not report it
 */
record CpuTime(Duration bench, Duration broker) {

    /** The CPU times now; {@code broker} is the broker's process, empty if it is not running. */
    static CpuTime now(Optional<ProcessHandle> broker) {
        return new CpuTime(ProcessHandle.current().info().totalCpuDuration().orElse(null),
                broker.flatMap(b -> b.info().totalCpuDuration()).orElse(null));
    }

    /**
     * CPU per event between {@code earlier} and this sample, in microseconds: {bench, broker};
     * NaN for a process whose CPU time is not reported.
     */
    double[] microsPerEventSince(CpuTime earlier, long events) {
        return new double[] {perEvent(earlier.bench, bench, events), perEvent(earlier.broker, broker, events)};
    }

    private static double perEvent(Duration from, Duration to, long events) {
        return from == null || to == null ? Double.NaN : (to.toNanos() - from.toNanos()) / 1e3 / events;
    }
}
