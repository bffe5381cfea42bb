package io.profilestream.ingest.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InFlightBytesTest {

    private final InFlightBytes inFlight = new InFlightBytes(3_000, 1_024);

    @Test
    void shouldAdmitRequestsUpToExactlyTheBoundAndRefuseTheNextByte() {
        InFlightBytes.Permit first = inFlight.admit(1_000);
        InFlightBytes.Permit second = inFlight.admit(1_000);
        InFlightBytes.Permit third = inFlight.admit(1_000);

        assertThat(inFlight.bytes()).isEqualTo(3_000);
        assertThatThrownBy(() -> inFlight.admit(1))
                .isInstanceOf(OverloadedException.class)
                .hasMessage("ingest already holds as many request bytes as it may (3000) until Kafka confirms earlier requests");
        assertThat(inFlight.bytes()).isEqualTo(3_000);
        assertThat(first.bytes() + second.bytes() + third.bytes()).isEqualTo(3_000);
    }

    @Test
    void shouldReserveTheBodyLimitForARequestOfUnknownLength() {
        assertThat(inFlight.admit(-1).bytes()).isEqualTo(1_024);
        assertThat(inFlight.bytes()).isEqualTo(1_024);
    }

    @Test
    void shouldReserveOnlyTheBodyLimitForADeclaredLengthAboveIt() {
        assertThat(inFlight.admit(50_000_000).bytes()).isEqualTo(1_024);
    }

    @Test
    void shouldAlwaysAdmitAnEmptyBody() {
        inFlight.admit(1_000);
        inFlight.admit(1_000);
        inFlight.admit(1_000);

        assertThat(inFlight.admit(0).bytes()).isZero();
    }

    @Test
    void shouldReturnTheBytesWhenTheRequestClosesItsPermitTwice() {
        InFlightBytes.Permit permit = inFlight.admit(700);

        permit.close();
        permit.close();

        assertThat(inFlight.bytes()).isZero();
    }

    @Test
    void shouldKeepTheBytesUntilTheRequestAndEveryRetainerHaveReleased() {
        InFlightBytes.Permit permit = inFlight.admit(700);
        Runnable records = permit.retain();

        permit.close();
        assertThat(inFlight.bytes()).isEqualTo(700);

        records.run();
        assertThat(inFlight.bytes()).isZero();
    }

    @Test
    void shouldIgnoreASecondRunOfTheSameRetainer() {
        InFlightBytes.Permit other = inFlight.admit(100);
        InFlightBytes.Permit permit = inFlight.admit(700);
        Runnable records = permit.retain();
        Runnable more = permit.retain();

        records.run();
        records.run();
        permit.close();
        assertThat(inFlight.bytes()).isEqualTo(800);

        more.run();
        assertThat(inFlight.bytes()).isEqualTo(100);
        other.close();
        assertThat(inFlight.bytes()).isZero();
    }

    @Test
    void shouldRefuseABoundSmallerThanOneBody() {
        assertThatThrownBy(() -> new InFlightBytes(1_023, 1_024))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBytes 1023 < maxBodyBytes 1024");
    }
}
