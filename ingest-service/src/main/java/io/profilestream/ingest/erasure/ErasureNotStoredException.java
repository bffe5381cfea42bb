package io.profilestream.ingest.erasure;

/**
 * Kafka did not acknowledge both records of an erasure request (status and request) in time, so
 * the request must not be acknowledged: the caller retries, and a repeated erasure is harmless.
 */
public final class ErasureNotStoredException extends RuntimeException {

    private final boolean retriable;

    /**
     * @param retriable whether the failure is transient (broker unavailable, timeout) rather than permanent
     * @param cause     the first send failure
     */
    public ErasureNotStoredException(boolean retriable, Throwable cause) {
        super("Kafka did not store the erasure request", cause);
        this.retriable = retriable;
    }

    /** Whether retrying later may succeed. */
    public boolean retriable() {
        return retriable;
    }
}
