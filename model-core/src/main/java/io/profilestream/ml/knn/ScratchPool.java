package io.profilestream.ml.knn;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;

/**
 * Reusable per-call work arrays for scorers shared by request threads: a call borrows one, uses
 * it alone, returns it. The pool grows to the number of calls ever in flight at once (a handful on
 * a few cores), unlike a ThreadLocal, which would keep one per thread of a large server pool.
 */
final class ScratchPool<T> {

    private final ConcurrentLinkedDeque<T> free = new ConcurrentLinkedDeque<>();
    private final Supplier<T> create;

    ScratchPool(Supplier<T> create) {
        this.create = create;
    }

    T borrow() {
        T t = free.pollFirst();
        return t != null ? t : create.get();
    }

    void release(T t) {
        free.offerFirst(t);
    }
}
