package io.profilestream.ingest.publish;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The short-circuit of one producer. When a send times out (Kafka unreachable, too slow, or the
 * producer's buffer full) the circuit opens: for {@code backoff} every request is refused at once
 * instead of each holding a Tomcat thread for the whole send timeout. After that, ONE request is
 * let through as a probe; if Kafka answers it (stored, or refused for another reason) the
 * circuit closes, if it times out again the circuit re-opens for another {@code backoff}. Should
 * a probe never report back, another one is let through after {@code probeLease}.
 *
 * <p>Only timeouts open it: other failures (not enough replicas, a record too large...) come
 * back quickly and hold no thread, and they prove Kafka is reachable.
 */
public final class BrokerCircuit {

    /** A circuit that never opens (the erasure publishers, or {@code broker-backoff: 0s}). */
    public static final BrokerCircuit DISABLED = new BrokerCircuit(Duration.ZERO, Duration.ZERO, () -> 0L);

    private final long backoffNanos;
    private final long probeLeaseNanos;
    private final LongSupplier nanoTime;

    private boolean open;
    private long probeAllowedAt;
    private boolean probing;
    private long probeStartedAt;

    /**
     * @param backoff    how long requests are refused after a timeout; zero disables the circuit
     * @param probeLease after how long a probe that did not report counts as lost
     * @param nanoTime   the monotonic time source ({@code System::nanoTime})
     */
    public BrokerCircuit(Duration backoff, Duration probeLease, LongSupplier nanoTime) {
        this.backoffNanos = backoff.toNanos();
        this.probeLeaseNanos = probeLease.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * Whether a request may send now. When the circuit is open and the backoff is over, the
     * first caller becomes the probe and gets true; it must then {@link #record} its outcome.
     */
    public synchronized boolean tryPass() {
        if (!open) {
            return true;
        }
        long now = nanoTime.getAsLong();
        if (now - probeAllowedAt < 0 || (probing && now - probeStartedAt < probeLeaseNanos)) {
            return false;
        }
        probing = true;
        probeStartedAt = now;
        return true;
    }

    /** Records the outcome of a request that did send: {@code failure} null when all was stored. */
    public synchronized void record(RuntimeException failure) {
        if (backoffNanos == 0) {
            return;
        }
        probing = false;
        if (opens(failure)) {
            open = true;
            probeAllowedAt = nanoTime.getAsLong() + backoffNanos;
        } else {
            open = false;
        }
    }

    /** Whether requests are being refused without trying (the backoff, or a probe under way). */
    public synchronized boolean isOpen() {
        return open;
    }

    /** Timeouts include Kafka's BufferExhaustedException and the publisher's own deadline. */
    static boolean opens(RuntimeException failure) {
        return failure instanceof TimeoutException;
    }
}
