package io.profilestream.recommender.cache;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the rankings users will need next off the request thread, at most one pending per user.
 * When the list just served from a user's cached ranking leaves fewer than {@code k} eligible
 * items for their next request (items shown {@code maxTimesShown} times are filtered), that
 * request would rank again on its own thread: a few milliseconds, the tail of the neural path's
 * latency. Ranking ahead moves that work here, and the next request finds the new ranking in the
 * cache.
 *
 * <p>Work that cannot be queued (the queue is full, or the user already has work pending) is
 * dropped: the next request then ranks on its own thread, as without this class. Nothing here
 * decides what is served; the cache's rules do ({@link RankedList#servesWithout}). Queued work
 * holds a user's opened profile until it runs; the queue is bounded, and {@link #close} drops it.
 *
 * <p>Thread-safe.
 */
public final class RankingAhead implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RankingAhead.class);
    private static final RankingAhead NONE = new RankingAhead(null);

    private final Executor executor;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    /** @param executor runs the work; null: nothing is ever run ({@link #none()}) */
    private RankingAhead(Executor executor) {
        this.executor = executor;
    }

    /**
     * One background thread (started on demand, ended after 30 s idle) with a queue of
     * {@code queued} users; work beyond that is dropped. {@link #close} stops it.
     */
    public static RankingAhead inBackground(int queued) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queued),
                runnable -> {
                    Thread thread = new Thread(runnable, "ranking-ahead");
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return new RankingAhead(pool);
    }

    /**
     * Runs the work on {@code executor} (e.g. tests that hold it back). The executor must run or
     * reject ({@link RejectedExecutionException}) what it is given: work it silently discards keeps
     * its user pending, and that user is never ranked ahead again.
     */
    public static RankingAhead on(Executor executor) {
        return new RankingAhead(Objects.requireNonNull(executor, "executor"));
    }

    /** Never ranks ahead: every request that needs a new ranking computes it itself. */
    public static RankingAhead none() {
        return NONE;
    }

    /** Whether work is ever run. */
    public boolean enabled() {
        return executor != null;
    }

    /**
     * Runs {@code work} for {@code userKey} unless work of theirs is pending or it cannot be
     * queued (then nothing happens). A failure of {@code work} is logged without the user.
     */
    public void schedule(String userKey, Runnable work) {
        Objects.requireNonNull(work, "work");
        if (executor == null || !pending.add(userKey)) {
            return;
        }
        Runnable once = () -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.warn("Ranking ahead failed; the user's next request ranks itself", e);
            } finally {
                pending.remove(userKey);
            }
        };
        try {
            executor.execute(once);
        } catch (RejectedExecutionException full) {
            // Dropped: the user's next request ranks on its own thread, as without ranking ahead.
            pending.remove(userKey);
        } catch (RuntimeException | Error e) {
            // E.g. no thread could be started: the request that got here must not fail for it.
            pending.remove(userKey);
            LOG.warn("Could not queue a ranking ahead; the user's next request ranks itself", e);
        }
    }

    /** Stops the background thread, dropping queued work; waits up to 5 s for a running one. */
    @Override
    public void close() throws InterruptedException {
        if (executor instanceof ExecutorService service) {
            service.shutdownNow();
            service.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
