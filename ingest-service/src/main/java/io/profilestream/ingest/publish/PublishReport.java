package io.profilestream.ingest.publish;

import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

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
     * Whether the client should send the same request again later (answered 503 with
     * Retry-After): every failure of Kafka or of the way to it. That is the retriable errors
     * (unreachable, timeout, not enough replicas, no leader, unknown topic...), the short-circuit,
     * an interrupted wait, but also errors that need an operator (authentication, authorisation,
     * a fenced or closed producer): the request itself is fine and will be stored once Kafka
     * takes it again, so it must not look like a server bug to the client.
     *
     * <p>Not retriable (500 publish-failed): failures that the same records will meet again, a
     * record Kafka will never take (too large, invalid) or a value ingest cannot serialise, and
     * any failure that does not come from Kafka at all.
     */
    public boolean retriable() {
        return failure != null && isBrokerUnavailable(failure);
    }

    /** The classification {@link #retriable()} applies. */
    static boolean isBrokerUnavailable(RuntimeException failure) {
        if (failure instanceof RecordTooLargeException || failure instanceof RecordBatchTooLargeException
                || failure instanceof InvalidRecordException || failure instanceof SerializationException) {
            return false;
        }
        // KafkaProducer.send on a closed producer (the application is shutting down) throws
        // IllegalStateException; so does MockProducer. Any other IllegalStateException is a bug.
        return failure instanceof KafkaException
                || (failure instanceof IllegalStateException && String.valueOf(failure.getMessage()).contains("closed"));
    }
}
