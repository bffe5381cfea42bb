package io.profilestream.ml;

import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * Reusable per-call work arrays for scorers shared by request threads: a call borrows one, uses
 * it alone, returns it. The pool grows to the number of calls ever in flight at once (a handful on
 * a few cores), unlike a ThreadLocal, which would keep one per thread of a large server pool. A
 * nested call on the same thread (e.g. from an exclusion predicate) simply borrows another one.
 *
 * <p>An {@code ArrayDeque} under a lock rather than a {@code ConcurrentLinkedDeque}: the lock is
 * held for a push or a pop, and once the deque has its capacity neither allocates, whereas the
 * concurrent deque allocates a node per {@link #release}, the only garbage a warm call would make.
 */
public final class ScratchPool<T> {

    private final ArrayDeque<T> free = new ArrayDeque<>();
    private final Supplier<T> create;

    /** @param create makes a new work object when none is free */
    public ScratchPool(Supplier<T> create) {
        this.create = create;
    }

    /** A free work object, or a new one; the caller owns it until {@link #release}. */
    public T borrow() {
        T t;
        synchronized (free) {
            t = free.pollFirst();
        }
        return t != null ? t : create.get();
    }

    /** Returns {@code t} (borrowed before, no longer used by the caller) for the next call. */
    public void release(T t) {
        synchronized (free) {
            free.offerFirst(t);
        }
    }
}
