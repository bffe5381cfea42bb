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
     * @return which records the broker confirmed, and the first failure if any was not
     */
    PublishReport publish(List<OutboundRecord<V>> records);
}
