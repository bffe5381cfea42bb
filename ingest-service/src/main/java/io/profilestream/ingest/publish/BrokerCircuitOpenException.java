package io.profilestream.ingest.publish;

import org.apache.kafka.common.errors.RetriableException;

/**
 * Nothing of the request was sent: a recent send to Kafka timed out and the {@link BrokerCircuit}
 * refuses requests until a probe gets through. Retriable by nature, so it is answered 503.
 */
public final class BrokerCircuitOpenException extends RetriableException {

    /** @param topic the topic the request was for */
    public BrokerCircuitOpenException(String topic) {
        super("not sent to " + topic + ": a recent send timed out and Kafka has not answered a probe since");
    }
}
