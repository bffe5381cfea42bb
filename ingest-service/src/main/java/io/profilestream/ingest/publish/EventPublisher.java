package io.profilestream.ingest.publish;

import java.util.List;

/**
 * Writes records to one topic and reports which ones are durably stored.
 *
 * @param <V> the value type of the topic
 */
public interface EventPublisher<V> {

    /**
     * Sends {@code records} in order and waits, bounded by the send timeout, until the broker has
     * acknowledged each of them. Broker failures are reported, not thrown.
     *
     * @param onSettled runs exactly once, when every record handed to the producer has been
     *                  acknowledged or failed by it; that may be after this method returned (it
     *                  gave up waiting) and on another thread. It releases what the records hold
     *                  (their share of the in-flight bound)
     * @return which records the broker confirmed, and the first failure if any was not
     */
    PublishReport publish(List<OutboundRecord<V>> records, Runnable onSettled);

    /** {@link #publish(List, Runnable)} for a caller that holds nothing for the records. */
    default PublishReport publish(List<OutboundRecord<V>> records) {
        return publish(records, () -> { });
    }
}
