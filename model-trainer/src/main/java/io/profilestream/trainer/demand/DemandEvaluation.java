package io.profilestream.trainer.demand;

import io.profilestream.ml.forecast.ForecastAccuracy;
import io.profilestream.ml.forecast.ForecastModel;
import io.profilestream.ml.forecast.Forecaster;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Fits each method on the first part of a series and scores its forecast of the rest (one
 * origin, multi-step: what the service does with its history). Forecasts are clipped at 0 before
 * scoring, as the service serves them: demand counts are never negative.
 */
public final class DemandEvaluation {

    /** The interval probability requested from the models (scores use point forecasts only). */
    static final double LEVEL = 0.95;

    private DemandEvaluation() {
    }

    /**
     * One method on one series.
     *
     * @param method     the method as configured ({@link Forecaster#name()})
     * @param fitted     the method actually fitted (a fallback when the history was too short)
     * @param parameters the fitted parameters
     * @param mae        mean absolute error over the forecast steps
     * @param mase       MASE (NaN when the in-sample scale is 0)
     * @param smape      sMAPE in percent
     */
    public record Score(String method, String fitted, Map<String, Double> parameters, double mae, double mase,
                        double smape) {
    }

    /**
     * All methods on one series.
     *
     * @param level       {@code category} or {@code item}
     * @param key         the category or item id
     * @param trainVolume events in the fitted part
     * @param testVolume  events in the forecast part
     * @param scores      one per method, in the order given
     */
    public record SeriesResult(String level, String key, double trainVolume, double testVolume, List<Score> scores) {
    }

    /**
     * One method over the series of one level.
     *
     * @param level          {@code category} or {@code item}
     * @param method         the method as configured
     * @param series         series scored
     * @param maseDefined    series whose MASE is defined (non-zero in-sample scale); MASE statistics are over these
     * @param maseMean       mean MASE
     * @param maseMedian     median MASE
     * @param smapeMean      mean sMAPE (percent)
     * @param smapeMedian    median sMAPE (percent)
     * @param beatsBaseline  series on which its MAE is strictly below the baseline's
     * @param fallbacks      series on which a fallback method was fitted
     */
    public record Aggregate(String level, String method, int series, int maseDefined, double maseMean, double maseMedian,
                            double smapeMean, double smapeMedian, int beatsBaseline, int fallbacks) {
    }

    /**
     * Scores every method on {@code series}: fitted on all but the last {@code horizon} steps,
     * forecasting those.
     *
     * @param maseSeason the season of MASE's seasonal-naive scale (1 without season)
     */
    public static SeriesResult evaluate(String level, String key, double[] series, int horizon, int maseSeason,
                                        List<Forecaster> methods) {
        int fitSteps = series.length - horizon;
        if (horizon < 1 || fitSteps <= maseSeason) {
            throw new IllegalArgumentException("a series of " + series.length + " steps cannot be split into more than "
                    + maseSeason + " fitting steps and a horizon of " + horizon);
        }
        double[] history = Arrays.copyOfRange(series, 0, fitSteps);
        double[] actual = Arrays.copyOfRange(series, fitSteps, series.length);
        List<Score> scores = new ArrayList<>();
        for (Forecaster method : methods) {
            ForecastModel model = method.fit(history);
            double[] forecast = model.forecast(horizon, LEVEL).mean().clone();
            for (int i = 0; i < forecast.length; i++) {
                forecast[i] = Math.max(0, forecast[i]);
            }
            scores.add(new Score(method.name(), model.method(), model.parameters(),
                    ForecastAccuracy.meanAbsoluteError(actual, forecast),
                    ForecastAccuracy.mase(history, actual, forecast, maseSeason),
                    ForecastAccuracy.smape(actual, forecast)));
        }
        return new SeriesResult(level, key, DemandSeries.sum(series, 0, fitSteps),
                DemandSeries.sum(series, fitSteps, series.length), scores);
    }

    /**
     * Mean and median of each method's MASE and sMAPE over {@code results} (all of one level),
     * and how often it beat {@code baseline} (a method name) on MAE.
     */
    public static List<Aggregate> aggregate(String level, List<SeriesResult> results, List<Forecaster> methods,
                                            String baseline) {
        List<Aggregate> out = new ArrayList<>();
        for (int m = 0; m < methods.size(); m++) {
            List<Double> mases = new ArrayList<>();
            List<Double> smapes = new ArrayList<>();
            int beats = 0;
            int fallbacks = 0;
            for (SeriesResult r : results) {
                Score s = r.scores().get(m);
                if (!Double.isNaN(s.mase())) {
                    mases.add(s.mase());
                }
                smapes.add(s.smape());
                Score base = r.scores().stream().filter(b -> b.method().equals(baseline)).findFirst().orElseThrow(
                        () -> new IllegalArgumentException("baseline " + baseline + " was not evaluated"));
                if (s.mae() < base.mae()) {
                    beats++;
                }
                if (!s.fitted().equals(s.method())) {
                    fallbacks++;
                }
            }
            out.add(new Aggregate(level, methods.get(m).name(), results.size(), mases.size(), mean(mases),
                    median(mases), mean(smapes), median(smapes), beats, fallbacks));
        }
        return out;
    }

    static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** The middle value, or the mean of the two middle values; NaN when empty. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
