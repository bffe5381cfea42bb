package io.profilestream.ingest.erasure;

import io.profilestream.model.erasure.ErasureStatus;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * Opens the consumer {@link ErasureStatusView} reads the erasure-status topic with. A factory
 * rather than a consumer so the view owns (and closes) each consumer it opens, and so tests can
 * hand it Kafka's {@code MockConsumer} instead of a client that needs a broker.
 */
@FunctionalInterface
public interface ErasureStatusConsumerFactory {

    /** A new, unassigned consumer of the erasure-status topic; the caller closes it. */
    Consumer<String, ErasureStatus> create();
}
