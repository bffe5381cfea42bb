package io.profilestream.ingest.publish;

import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Which records of one publish call the broker confirmed.
 *
 * @param size    how many records were given
 * @param stored  positions (in the given list) the broker acknowledged
 * @param failure the first failure, or null when every record was stored
 */
public record PublishReport(int size, BitSet stored, RuntimeException failure) {

    public PublishReport {
        stored = (BitSet) stored.clone();
        if ((failure == null) != (stored.cardinality() == size)) {
            throw new IllegalArgumentException("a failure is reported exactly when some record was not stored");
        }
    }

    /** Every record acknowledged. */
    public static PublishReport allStored(int size) {
        BitSet stored = new BitSet(size);
        stored.set(0, size);
        return new PublishReport(size, stored, null);
    }

    /** Whether the broker confirmed every record. */
    public boolean allStored() {
        return failure == null;
    }

    /** Whether {@code position} was acknowledged. */
    public boolean isStored(int position) {
        return stored.get(position);
    }

    /** Positions that were acknowledged, ascending. */
    public List<Integer> storedPositions() {
        return IntStream.range(0, size).filter(stored::get).boxed().toList();
    }

    /**
     * Whether the failure is transient (broker unreachable, not enough replicas, timeout), so that
     * the client should retry later rather than change its request.
     */
    public boolean retriable() {
        return failure instanceof RetriableException || failure instanceof InterruptException;
    }
}
