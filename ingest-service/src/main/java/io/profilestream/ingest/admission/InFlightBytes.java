package io.profilestream.ingest.admission;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Admission control: bounds the request-body bytes ingest holds at once. A request is admitted
 * (its declared size reserved) before its body is read, and its bytes stay reserved until the
 * request has finished AND Kafka has acknowledged or failed every record it handed to the
 * producer, which may be after the answer when the request gave up waiting. So the bound covers
 * bodies being read, entries being validated and records in the producer's buffer alike. A
 * request that does not fit is refused at once ({@link OverloadedException}), never queued.
 *
 * <p>Thread-safe; admission is one compare-and-set, release one atomic add.
 */
public final class InFlightBytes {

    private final long maxBytes;
    private final int maxBodyBytes;
    private final AtomicLong held = new AtomicLong();

    /**
     * @param maxBytes     most bytes held at once; at least {@code maxBodyBytes}
     * @param maxBodyBytes what a request of unknown length (chunked) reserves: the most it may send
     */
    public InFlightBytes(long maxBytes, int maxBodyBytes) {
        if (maxBytes < maxBodyBytes) {
            throw new IllegalArgumentException("maxBytes " + maxBytes + " < maxBodyBytes " + maxBodyBytes);
        }
        this.maxBytes = maxBytes;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Reserves room for a request body of {@code declaredLength} bytes (its Content-Length, -1 when
     * unknown). A body larger than the body limit reserves only the limit: it is refused with 413
     * before more is read.
     *
     * @return the permit; close it when the request ends
     * @throws OverloadedException when the reservation would exceed the bound
     */
    public Permit admit(long declaredLength) {
        long bytes = declaredLength < 0 ? maxBodyBytes : Math.min(declaredLength, maxBodyBytes);
        while (true) {
            long current = held.get();
            if (current + bytes > maxBytes) {
                throw new OverloadedException(maxBytes);
            }
            if (held.compareAndSet(current, current + bytes)) {
                return new Permit(bytes);
            }
        }
    }

    /** Bytes reserved right now. */
    public long bytes() {
        return held.get();
    }

    /** The bound. */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * The reservation of one request. Its bytes are returned once the request has closed it and
     * every {@link #retain() retainer} has run.
     */
    public final class Permit implements AutoCloseable {
        private final long bytes;
        // The request itself is the first holder.
        private final AtomicInteger holders = new AtomicInteger(1);
        private final AtomicBoolean closed = new AtomicBoolean();

        private Permit(long bytes) {
            this.bytes = bytes;
        }

        /** How many bytes this permit reserves. */
        public long bytes() {
            return bytes;
        }

        /**
         * Keeps the reservation beyond the request, until the returned action runs (once; later
         * runs do nothing). Publishing takes one for the records it hands to the producer.
         */
        public Runnable retain() {
            holders.incrementAndGet();
            AtomicBoolean released = new AtomicBoolean();
            return () -> {
                if (released.compareAndSet(false, true)) {
                    release();
                }
            };
        }

        /** Ends the request's hold; idempotent. */
        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                release();
            }
        }

        private void release() {
            if (holders.decrementAndGet() == 0) {
                held.addAndGet(-bytes);
            }
        }
    }
}
