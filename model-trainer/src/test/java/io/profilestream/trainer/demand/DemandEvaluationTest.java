package io.profilestream.trainer.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.profilestream.ml.forecast.ExponentialSmoothing;
import io.profilestream.ml.forecast.Forecaster;
import io.profilestream.ml.forecast.SeasonalNaive;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemandEvaluationTest {

    static final List<Forecaster> METHODS = List.of(ExponentialSmoothing.holtWinters(2), new SeasonalNaive(2),
            SeasonalNaive.naive());

    @Test
    void shouldScoreEachMethodOnTheLastStepsAfterFittingTheRest() {
        // 2.25 + 0.5 t + (-0.75, +0.75): Holt-Winters fits it exactly and forecasts 5, 7.
        double[] series = {2, 4, 3, 5, 4, 6, 5, 7};

        DemandEvaluation.SeriesResult result = DemandEvaluation.evaluate("category", "c1", series, 2, 2, METHODS);

        assertThat(result.trainVolume()).isEqualTo(24.0);
        assertThat(result.testVolume()).isEqualTo(12.0);
        DemandEvaluation.Score hw = result.scores().get(0);
        assertThat(hw.fitted()).isEqualTo("holt-winters(m=2)");
        assertThat(hw.mae()).isEqualTo(0.0);
        assertThat(hw.mase()).isEqualTo(0.0);
        assertThat(hw.smape()).isEqualTo(0.0);
        // Seasonal-naive forecasts 4, 6: MAE 1; in-sample |y(t) - y(t-2)| are all 1, so MASE 1.
        DemandEvaluation.Score seasonalNaive = result.scores().get(1);
        assertThat(seasonalNaive.mase()).isEqualTo(1.0);
        assertThat(seasonalNaive.smape()).isCloseTo(100 * (1 / 9.0 + 1 / 13.0), within(1e-12));
        // Naive forecasts 6, 6: errors 1, 1.
        assertThat(result.scores().get(2).mase()).isEqualTo(1.0);
        assertThat(result.scores().get(2).smape()).isCloseTo(100 * (1 / 11.0 + 1 / 13.0), within(1e-12));
    }

    @Test
    void shouldClipNegativeForecastsAtZeroBeforeScoring() {
        // A falling line: Holt forecasts -1, -3; clipped to 0, 0 against actuals 0, 0.
        DemandEvaluation.SeriesResult result = DemandEvaluation.evaluate("item", "i1",
                new double[] {9, 7, 5, 3, 1, 0, 0}, 2, 1, List.of(ExponentialSmoothing.holt()));

        assertThat(result.scores().get(0).mae()).isEqualTo(0.0);
        assertThat(result.scores().get(0).smape()).isEqualTo(0.0);
    }

    @Test
    void shouldAggregateMeanAndMedianAndCountWinsAndFallbacks() {
        List<DemandEvaluation.SeriesResult> results = List.of(
                DemandEvaluation.evaluate("category", "c1", new double[] {2, 4, 3, 5, 4, 6, 5, 7}, 2, 2, METHODS),
                // Only 3 fitting steps: Holt-Winters (m = 2) falls back to Holt, which extrapolates 1, 2, 3 -> 4, 5.
                DemandEvaluation.evaluate("category", "c2", new double[] {1, 2, 3, 4, 5}, 2, 2, METHODS));

        List<DemandEvaluation.Aggregate> aggregates = DemandEvaluation.aggregate("category", results, METHODS,
                "seasonal-naive(m=2)");

        DemandEvaluation.Aggregate hw = aggregates.get(0);
        assertThat(hw.series()).isEqualTo(2);
        assertThat(hw.maseMean()).isEqualTo(0.0);
        assertThat(hw.beatsBaseline()).isEqualTo(2);
        assertThat(hw.fallbacks()).isEqualTo(1);
        // c2 seasonal-naive: forecasts 2, 3 against 4, 5: MAE 2, scale |3-1| = 2 -> MASE 1; c1 MASE 1.
        DemandEvaluation.Aggregate seasonalNaive = aggregates.get(1);
        assertThat(seasonalNaive.maseMean()).isEqualTo(1.0);
        assertThat(seasonalNaive.maseMedian()).isEqualTo(1.0);
        assertThat(seasonalNaive.beatsBaseline()).isZero();
    }

    @Test
    void shouldTakeTheMiddleOrTheMeanOfTheTwoMiddleValues() {
        assertThat(DemandEvaluation.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(DemandEvaluation.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
        assertThat(DemandEvaluation.median(List.of())).isNaN();
    }
}
