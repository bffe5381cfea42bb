package io.profilestream.model.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClampedSumTest {

    @Test
    void shouldClampEachValueIntoTheBoundsAndRoundItToTheResolution() {
        ClampedSum sum = ClampedSum.of(0, 100, 0.01, 1)
                .add(12.345)   // 1234.5 cents, half-even: 1234
                .add(12.355)   // 1235.5 cents, half-even: 1236
                .add(-5)       // below: 0
                .add(250)      // above: 10,000
                .add(Double.POSITIVE_INFINITY);

        assertThat(sum.units()).isEqualTo(1234 + 1236 + 0 + 10_000 + 10_000);
        assertThat(sum.count()).isEqualTo(5);
        assertThat(sum.toValue(sum.units())).isEqualTo(224.70);
    }

    @Test
    void shouldBoundTheSensitivityByTheLargestAbsoluteBoundTimesTheContributionsPerUser() {
        assertThat(ClampedSum.of(0, 100, 0.01, 1).sensitivityUnits()).isEqualTo(10_000);
        assertThat(ClampedSum.of(-50, 20, 0.5, 3).sensitivityUnits()).isEqualTo(300);
        assertThat(ClampedSum.of(-50, 20, 0.5, 3).lower()).isEqualTo(-50.0);
    }

    @Test
    void shouldRefuseBoundsThatAreNotMultiplesOfTheResolutionAndNaN() {
        assertThatThrownBy(() -> ClampedSum.of(0, 99.995, 0.01, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the bound 99.995 is not a multiple of the resolution 0.01");
        assertThatThrownBy(() -> ClampedSum.of(10, 10, 1, 1))
                .hasMessage("the bounds must be finite with lower < upper, got [10.0, 10.0]");
        assertThatThrownBy(() -> ClampedSum.of(0, 10, 0, 1))
                .hasMessage("the resolution must be a positive finite number, got 0.0");
        assertThatThrownBy(() -> ClampedSum.of(0, 10, 1, 0)).hasMessage("contributionsPerUser must be at least 1, got 0");
        assertThatThrownBy(() -> ClampedSum.of(0, 10, 1, 1).add(Double.NaN)).hasMessage("cannot add NaN to a clamped sum");
    }
}
