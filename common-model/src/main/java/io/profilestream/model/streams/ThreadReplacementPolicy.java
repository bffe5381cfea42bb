package io.profilestream.model.streams;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What to do when a stream thread dies: replace it, unless threads have died too often lately.
 *
 * <p>Poison records never get here ({@link PoisonRecordHandler} dead-letters them), so what does
 * is the infrastructure: above all a transaction the broker aborted because it outlived
 * {@code transaction.timeout.ms} (a long GC pause, a starved CPU, a slow broker), which surfaces
 * as {@code InvalidTxnStateException} on commit. Under exactly-once a new thread starts its tasks
 * from the last committed transaction, so replacing the thread loses and doubles nothing. The
 * fault-injection run found this: a privacy filter starved of CPU for seconds had its transaction
 * aborted, and with the former response (shut the client down) it stayed down, processing
 * nothing, until restarted by hand. A failure that keeps coming back is not transient: after
 * {@link #MAX_REPLACEMENTS} replacements within {@link #WINDOW} the client shuts down, its
 * liveness turns DOWN and the orchestrator restarts the process.
 */
public final class ThreadReplacementPolicy implements StreamsUncaughtExceptionHandler {

    /** Replacements tolerated within {@link #WINDOW}; the next death shuts the client down. */
    public static final int MAX_REPLACEMENTS = 5;
    /** The window over which replacements are counted. */
    public static final Duration WINDOW = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(ThreadReplacementPolicy.class);

    private final Clock clock;
    private final Deque<Instant> replacements = new ArrayDeque<>();

    /** A policy on the wall clock. */
    public ThreadReplacementPolicy() {
        this(Clock.systemUTC());
    }

    /** For tests: a clock they move. */
    public ThreadReplacementPolicy(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        Instant now = clock.instant();
        while (!replacements.isEmpty() && !replacements.peekFirst().isAfter(now.minus(WINDOW))) {
            replacements.pollFirst();
        }
        if (replacements.size() >= MAX_REPLACEMENTS) {
            LOG.error("Stream thread died for the {}th time within {}; shutting this Streams client down so that it is "
                    + "restarted", replacements.size() + 1, WINDOW, exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replacements.addLast(now);
        LOG.warn("Stream thread died ({} within {}); replacing it, its tasks resume from the last commit",
                replacements.size(), WINDOW, exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
