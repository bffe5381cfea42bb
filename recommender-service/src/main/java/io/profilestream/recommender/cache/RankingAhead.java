package io.profilestream.recommender.cache;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs the rankings a user will need next off the request thread, at most one pending per user.
 * When the list just served from a user's cached ranking leaves fewer than {@code k} eligible
 * items for their next request (the items shown for the third time are filtered), that request
 * would rank again on its own thread: a few milliseconds, the tail of the neural path's latency.
 * Ranking ahead moves that work here, and the next request finds the new ranking in the cache.
 *
 * <p>Work that cannot be queued (the queue is full, or the user already has work pending) is
 * dropped: the next request then ranks on its own thread, as without this class. Nothing here
 * decides what is served; the cache's rules do ({@link RankedList#servesWithout}).
 *
 * <p>Thread-safe.
 */
public final class RankingAhead {

    private static final RankingAhead NONE = new RankingAhead(null);

    private final Executor executor;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    /** @param executor runs the work; null: nothing is ever run ({@link #none()}) */
    RankingAhead(Executor executor) {
        this.executor = executor;
    }

    /**
     * One background thread (started on demand, ended after 30 s idle) with a queue of
     * {@code queued} users; work beyond that is dropped.
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

    /** Runs the work on {@code executor}, which may reject it (then it is dropped): e.g. tests that hold it back. */
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
     * Runs {@code work} for {@code userKey} unless work of theirs is pending or the queue is full
     * (then nothing happens); a failure of {@code work} is its own to report.
     */
    public void schedule(String userKey, Runnable work) {
        Objects.requireNonNull(work, "work");
        if (executor == null || !pending.add(userKey)) {
            return;
        }
        Runnable once = () -> {
            try {
                work.run();
            } finally {
                pending.remove(userKey);
            }
        };
        try {
            executor.execute(once);
        } catch (RejectedExecutionException full) {
            // Dropped: the user's next request ranks on its own thread, as without ranking ahead.
            pending.remove(userKey);
        }
    }
}
