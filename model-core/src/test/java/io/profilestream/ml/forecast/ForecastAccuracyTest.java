package io.profilestream.ml.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ForecastAccuracyTest {

    @Test
    void shouldScaleTheMeanAbsoluteErrorByTheInSampleNaiveError() {
        // In-sample naive errors |3-1|, |2-3|, |4-2|: scale 5/3. Forecast errors 1, 1: MAE 1.
        double mase = ForecastAccuracy.mase(new double[] {1, 3, 2, 4}, new double[] {5, 5}, new double[] {4, 6}, 1);

        assertThat(mase).isCloseTo(0.6, within(1e-12));
    }

    @Test
    void shouldScaleBySeasonalNaiveErrorWithASeason() {
        // m = 2: |2-1|, |5-3| -> scale 1.5; MAE (|6-3| + |6-6|) / 2 = 1.5.
        assertThat(ForecastAccuracy.mase(new double[] {1, 3, 2, 5}, new double[] {3, 6}, new double[] {6, 6}, 2))
                .isEqualTo(1.0);
    }

    @Test
    void shouldBeUndefinedWhenTheHistoryRepeatsExactly() {
        assertThat(ForecastAccuracy.mase(new double[] {2, 2, 2}, new double[] {3}, new double[] {2}, 1)).isNaN();
        assertThatThrownBy(() -> ForecastAccuracy.maseScale(new double[] {1, 2}, 2))
                .hasMessage("MASE needs more than 2 history observations, got 2");
    }

    @Test
    void shouldComputeSmapeCountingZeroOverZeroAsExact() {
        // Terms 0, 2*2/6, 0 (0/0), 2*2/6 over 4 steps.
        double smape = ForecastAccuracy.smape(new double[] {1, 2, 0, 4}, new double[] {1, 4, 0, 2});

        assertThat(smape).isCloseTo(100.0 / 3, within(1e-12));
    }

    @Test
    void shouldGiveTwoHundredPercentForDemandForecastWhereNoneCame() {
        assertThat(ForecastAccuracy.smape(new double[] {0, 0}, new double[] {1, 3})).isEqualTo(200.0);
    }

    @Test
    void shouldGiveTheStandardNormalQuantile() {
        assertThat(Forecast.z(0.95)).isCloseTo(1.959963984540054, within(1e-8));
        assertThat(Forecast.z(0.8)).isCloseTo(1.2815515655446004, within(1e-8));
        assertThat(Normal.quantile(0.001)).isCloseTo(-3.090232306167813, within(1e-8));
    }
}
