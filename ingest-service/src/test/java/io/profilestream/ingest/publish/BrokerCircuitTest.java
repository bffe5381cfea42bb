package io.profilestream.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class BrokerCircuitTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(42 * SECOND);
    private final BrokerCircuit circuit = new BrokerCircuit(Duration.ofSeconds(2), Duration.ofSeconds(20), now::get);

    private void advanceSeconds(long seconds) {
        now.addAndGet(seconds * SECOND);
    }

    @Test
    void shouldLetEveryRequestThroughWhileClosed() {
        assertThat(circuit.tryPass()).isTrue();
        assertThat(circuit.tryPass()).isTrue();
        assertThat(circuit.isOpen()).isFalse();
    }

    @Test
    void shouldRefuseRequestsForTheBackoffAfterATimeout() {
        circuit.record(new TimeoutException("Expiring 1 record(s)"));

        assertThat(circuit.isOpen()).isTrue();
        assertThat(circuit.tryPass()).isFalse();
        now.addAndGet(2 * SECOND - 1);
        assertThat(circuit.tryPass()).isFalse();
    }

    @Test
    void shouldLetExactlyOneProbeThroughOnceTheBackoffIsOver() {
        circuit.record(new TimeoutException("Expiring 1 record(s)"));
        advanceSeconds(2);

        assertThat(circuit.tryPass()).isTrue();
        assertThat(circuit.tryPass()).isFalse();
        assertThat(circuit.tryPass()).isFalse();
    }

    @Test
    void shouldCloseWhenTheProbeIsStored() {
        circuit.record(new TimeoutException("Expiring 1 record(s)"));
        advanceSeconds(2);
        circuit.tryPass();

        circuit.record(null);

        assertThat(circuit.isOpen()).isFalse();
        assertThat(circuit.tryPass()).isTrue();
        assertThat(circuit.tryPass()).isTrue();
    }

    @Test
    void shouldReopenForAnotherBackoffWhenTheProbeTimesOut() {
        circuit.record(new TimeoutException("Expiring 1 record(s)"));
        advanceSeconds(2);
        circuit.tryPass();
        advanceSeconds(10);

        circuit.record(new TimeoutException("Expiring 1 record(s)"));

        assertThat(circuit.tryPass()).isFalse();
        advanceSeconds(1);
        assertThat(circuit.tryPass()).isFalse();
        advanceSeconds(1);
        assertThat(circuit.tryPass()).isTrue();
    }

    @Test
    void shouldOpenOnAFullProducerBuffer() {
        circuit.record(new BufferExhaustedException("Failed to allocate 100 bytes within the configured max blocking time 10000 ms."));

        assertThat(circuit.tryPass()).isFalse();
    }

    @Test
    void shouldStayClosedOnFailuresThatCameBackQuickly() {
        circuit.record(new NotEnoughReplicasException("1 of 3 in sync"));
        circuit.record(new NetworkException("disconnected"));

        assertThat(circuit.isOpen()).isFalse();
        assertThat(circuit.tryPass()).isTrue();
    }

    @Test
    void shouldLetAnotherProbeThroughWhenTheFirstNeverReportedWithinItsLease() {
        circuit.record(new TimeoutException("Expiring 1 record(s)"));
        advanceSeconds(2);
        assertThat(circuit.tryPass()).isTrue();

        advanceSeconds(19);
        assertThat(circuit.tryPass()).isFalse();
        advanceSeconds(1);
        assertThat(circuit.tryPass()).isTrue();
    }

    @Test
    void shouldNeverOpenWhenDisabled() {
        BrokerCircuit disabled = new BrokerCircuit(Duration.ZERO, Duration.ofSeconds(20), now::get);

        disabled.record(new TimeoutException("Expiring 1 record(s)"));

        assertThat(disabled.isOpen()).isFalse();
        assertThat(disabled.tryPass()).isTrue();
    }
}
