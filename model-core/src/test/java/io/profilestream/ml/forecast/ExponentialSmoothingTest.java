package io.profilestream.ml.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExponentialSmoothingTest {

    /** The multiplier the code uses (its accuracy is ForecastAccuracyTest's business), so the widths are checked exactly. */
    static final double Z95 = Forecast.z(0.95);

    @Test
    void shouldForecastAPurelySeasonalSeriesExactly() {
        double[] y = {1, 5, 3, 7, 1, 5, 3, 7, 1, 5, 3, 7};

        ForecastModel model = ExponentialSmoothing.holtWinters(4).fit(y);
        Forecast forecast = model.forecast(6, 0.95);

        assertThat(model.method()).isEqualTo("holt-winters(m=4)");
        assertThat(forecast.mean()).containsExactly(1, 5, 3, 7, 1, 5);
        // Every parameter set fits with zero error: the first grid point is kept.
        assertThat(model.parameters()).containsExactly(Map.entry("alpha", 0.01), Map.entry("beta", 0.0),
                Map.entry("gamma", 0.0), Map.entry("period", 4.0), Map.entry("sigma", 0.0));
        assertThat(forecast.lower()).containsExactly(1, 5, 3, 7, 1, 5);
        assertThat(forecast.upper()).containsExactly(1, 5, 3, 7, 1, 5);
    }

    @Test
    void shouldExtrapolateALinearTrendExactly() {
        double[] y = {5, 8, 11, 14, 17, 20, 23, 26};

        Forecast forecast = ExponentialSmoothing.holtWinters(4).fit(y).forecast(3, 0.95);

        assertThat(forecast.method()).isEqualTo("holt-winters(m=4)");
        assertThat(forecast.mean()).containsExactly(29, 32, 35);
    }

    @Test
    void shouldExtrapolateATrendPlusSeasonExactly() {
        // y(t) = 10 + 2t + (3, -1, -2, 0)[(t-1) mod 4], t = 1..8.
        double[] y = {15, 13, 14, 18, 23, 21, 22, 26};

        Forecast forecast = ExponentialSmoothing.holtWinters(4).fit(y).forecast(5, 0.95);

        assertThat(forecast.mean()).containsExactly(31, 29, 30, 34, 39);
    }

    @Test
    void shouldFallBackToHoltWhenTheHistoryIsShorterThanTwoSeasons() {
        ForecastModel model = ExponentialSmoothing.holtWinters(24).fit(new double[] {2, 4, 6, 8, 10});

        assertThat(model.method()).isEqualTo("holt");
        assertThat(model.forecast(2, 0.95).mean()).containsExactly(12, 14);
        assertThat(model.parameters()).containsOnlyKeys("alpha", "beta", "sigma");
    }

    @Test
    void shouldFallBackToSimpleSmoothingOnFewerThanThreeObservations() {
        ForecastModel model = ExponentialSmoothing.holt().fit(new double[] {7, 9});

        assertThat(model.method()).isEqualTo("ses");
        // l0 = 7; the one error (2) is the same for every alpha, so the first grid value (0.01) is kept.
        assertThat(model.forecast(2, 0.95).mean()).containsExactly(7 + 0.01 * 2, 7 + 0.01 * 2);
        // One error, which is too few for an interval.
        assertThat(model.forecast(2, 0.95).hasInterval()).isFalse();
    }

    @Test
    void shouldComputeTheOneStepRecursionAndIntervalOfGivenParameters() {
        // SES, alpha 0.5 on 2, 4, 4: l0 = 2; errors 0, 2, 1; levels 2, 3, 3.5; SSE 5 over 2 errors.
        ExponentialSmoothing.Fit fit = new ExponentialSmoothing.Fit(new double[] {2, 4, 4}, 0, false, 0.5, 0, 0);

        Forecast forecast = fit.forecast(2, 0.95);

        assertThat(fit.sse()).isEqualTo(5.0);
        assertThat(forecast.mean()).containsExactly(3.5, 3.5);
        // sigma² = 2.5; step 2 adds alpha² (h-1) = 0.25 of it.
        assertThat(forecast.upper()[0]).isCloseTo(3.5 + Z95 * Math.sqrt(2.5), within(1e-12));
        assertThat(forecast.lower()[1]).isCloseTo(3.5 - Z95 * Math.sqrt(2.5 * 1.25), within(1e-12));
        assertThat(fit.parameters()).containsExactly(Map.entry("alpha", 0.5), Map.entry("sigma", Math.sqrt(2.5)));
    }

    @Test
    void shouldUseTheEtsVarianceWithTrendAndSeason() {
        // Holt-Winters m = 2, alpha 0.5, beta 0.2 (beta_ETS 0.1), gamma 0.3, over 1, 3, 2, 5, 3, 6.
        double[] y = {1, 3, 2, 5, 3, 6};
        ExponentialSmoothing.Fit fit = new ExponentialSmoothing.Fit(y, 2, true, 0.5, 0.2, 0.3);
        double sigma2 = fit.sse() / 6;

        Forecast forecast = fit.forecast(3, 0.8);

        // h = 3, k = 1: 1 + 2 (0.25 + 0.05*3 + 0.01*3*5/6) + 0.3*1*(1 + 0.3 + 0.1*2*2) = 1 + 0.85 + 0.51
        double sd3 = Math.sqrt(sigma2 * 2.36);
        assertThat(forecast.upper()[2] - forecast.mean()[2]).isCloseTo(Forecast.z(0.8) * sd3, within(1e-12));
    }

    @Test
    void shouldChooseParametersNoWorseThanAnyGridPoint() {
        double[] y = new double[72];
        for (int t = 0; t < y.length; t++) {
            y[t] = 20 + 0.1 * t + 8 * Math.sin(2 * Math.PI * t / 24) + ((t * 7919) % 11 - 5);
        }

        ExponentialSmoothing.Fit chosen = (ExponentialSmoothing.Fit) ExponentialSmoothing.holtWinters(24).fit(y);

        Map<String, Double> parameters = new LinkedHashMap<>(chosen.parameters());
        for (double a : ExponentialSmoothing.ALPHA_GRID) {
            for (double b : ExponentialSmoothing.BETA_GRID) {
                for (double g : ExponentialSmoothing.GAMMA_GRID) {
                    if (g <= 1 - a) {
                        assertThat(chosen.sse()).isLessThanOrEqualTo(new ExponentialSmoothing.Fit(y, 24, true, a, b, g).sse());
                    }
                }
            }
        }
        assertThat(parameters.get("gamma")).isLessThanOrEqualTo(1 - parameters.get("alpha"));
    }

    @Test
    void shouldRefuseAnEmptyOrNonFiniteHistory() {
        assertThatThrownBy(() -> ExponentialSmoothing.simple().fit(new double[0]))
                .hasMessage("a forecast needs at least one observation");
        assertThatThrownBy(() -> ExponentialSmoothing.simple().fit(new double[] {1, Double.NaN}))
                .hasMessage("observation 1 is not a finite number: NaN");
        assertThatThrownBy(() -> ExponentialSmoothing.holtWinters(1))
                .hasMessageStartingWith("a seasonal period must be at least 2 steps, got 1");
    }
}
