package io.profilestream.ml.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SeasonalNaiveTest {

    /** The multiplier the code uses (its accuracy is ForecastAccuracyTest's business), so the widths are checked exactly. */
    static final double Z95 = Forecast.z(0.95);

    @Test
    void shouldRepeatTheLastSeasonWithAnIntervalWideningEachSeason() {
        // Residuals y(t) - y(t-4) are all 1: sigma 1.
        double[] y = {1, 2, 3, 4, 2, 3, 4, 5};

        Forecast forecast = new SeasonalNaive(4).fit(y).forecast(5, 0.95);

        assertThat(forecast.method()).isEqualTo("seasonal-naive(m=4)");
        assertThat(forecast.mean()).containsExactly(2, 3, 4, 5, 2);
        assertThat(forecast.upper()[3]).isCloseTo(5 + Z95, within(1e-12));
        assertThat(forecast.upper()[4]).isCloseTo(2 + Z95 * Math.sqrt(2), within(1e-12));
        assertThat(forecast.parameters()).containsExactly(Map.entry("period", 4.0), Map.entry("sigma", 1.0));
    }

    @Test
    void shouldRepeatTheLastObservationAsNaiveWithSqrtHWidth() {
        // Residuals 2, -1: sigma² 2.5.
        Forecast forecast = SeasonalNaive.naive().fit(new double[] {1, 3, 2}).forecast(4, 0.95);

        assertThat(forecast.method()).isEqualTo("naive");
        assertThat(forecast.mean()).containsExactly(2, 2, 2, 2);
        assertThat(forecast.upper()[3]).isCloseTo(2 + Z95 * Math.sqrt(2.5 * 4), within(1e-12));
    }

    @Test
    void shouldFallBackToNaiveOnAHistoryShorterThanOneSeason() {
        ForecastModel model = new SeasonalNaive(24).fit(new double[] {3, 4});

        assertThat(model.method()).isEqualTo("naive");
        assertThat(model.forecast(3, 0.95).mean()).containsExactly(4, 4, 4);
        assertThat(model.forecast(3, 0.95).hasInterval()).isFalse();
    }
}
