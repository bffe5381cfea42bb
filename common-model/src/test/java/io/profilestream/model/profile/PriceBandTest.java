package io.profilestream.model.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PriceBandTest {

    @Test
    void shouldReportGeometricMeanAndOneSigmaBandInLogSpace() {
        PriceBand band = PriceBand.empty().add(10).add(1000);

        // ln10 and ln1000 average to ln100; sample sd of {ln10, ln1000} is sqrt(2)*ln10.
        assertThat(band.typical()).isCloseTo(100.0, within(1e-9));
        assertThat(band.low()).isCloseTo(100 * Math.exp(-Math.sqrt(2) * Math.log(10)), within(1e-9));
        assertThat(band.high()).isCloseTo(100 * Math.exp(Math.sqrt(2) * Math.log(10)), within(1e-6));
    }

    @Test
    void shouldIgnoreNonPositivePrices() {
        assertThat(PriceBand.empty().add(0).add(-5)).isEqualTo(PriceBand.empty());
    }
}
