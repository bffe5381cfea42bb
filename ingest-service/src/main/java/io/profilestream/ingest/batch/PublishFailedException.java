package io.profilestream.ingest.batch;

import java.util.List;

/**
 * Kafka did not confirm every valid entry of a request, so the request must not be acknowledged.
 * Entries listed in {@link #storedIndices()} are on the topic anyway; the client retries the whole
 * batch and downstream de-duplication by eventId removes the copies.
 */
public final class PublishFailedException extends RuntimeException {

    private final boolean retriable;
    private final List<Integer> storedIndices;
    private final int valid;
    private final int invalid;

    /**
     * @param retriable     whether the failure is transient (broker unavailable) rather than permanent
     * @param storedIndices request indices the broker confirmed, ascending
     * @param valid         how many entries passed validation and were to be stored
     * @param invalid       how many entries of the request failed validation
     * @param cause         the first send failure
     */
    public PublishFailedException(boolean retriable, List<Integer> storedIndices, int valid, int invalid,
                                  Throwable cause) {
        super("Kafka stored " + storedIndices.size() + " of " + valid + " valid entries", cause);
        this.retriable = retriable;
        this.storedIndices = List.copyOf(storedIndices);
        this.valid = valid;
        this.invalid = invalid;
    }

    /** Whether retrying later may succeed. */
    public boolean retriable() {
        return retriable;
    }

    /** Request indices that are stored despite the failure. */
    public List<Integer> storedIndices() {
        return storedIndices;
    }

    /** How many entries were valid. */
    public int valid() {
        return valid;
    }

    /** How many entries failed validation (they would have been rejected anyway). */
    public int invalid() {
        return invalid;
    }
}
