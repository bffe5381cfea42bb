package io.profilestream.ml.forecast;

/**
 * Forecast accuracy measures (Hyndman and Koehler 2006; FPP 3rd ed., §5.8).
 *
 * <p><b>MASE</b> (mean absolute scaled error) of forecasts F(1..h) of actuals A(1..h) after a
 * history y(1..n) with season m (m = 1 without season):
 * <pre>
 *   MASE = [ (1/h) Σ_{t=1..h} |A(t) - F(t)| ] / [ (1/(n-m)) Σ_{t=m+1..n} |y(t) - y(t-m)| ]
 * </pre>
 * i.e. the forecast's mean absolute error divided by the in-sample mean absolute error of the
 * one-season-ahead seasonal-naive forecast. Below 1: better than that naive method was in sample.
 * Undefined (NaN) when the denominator is 0, a history that repeats exactly.
 *
 * <p><b>sMAPE</b> (symmetric mean absolute percentage error), in percent, 0..200:
 * <pre>
 *   sMAPE = (100 / h) Σ_{t=1..h} 2 |F(t) - A(t)| / (|A(t)| + |F(t)|)
 * </pre>
 * with a term defined as 0 when A(t) = F(t) = 0 (a forecast of no demand for an hour without
 * demand is exact; FPP leaves 0/0 undefined, which would drop exactly the hours sparse series have
 * most of).
 */
public final class ForecastAccuracy {

    private ForecastAccuracy() {
    }

    /**
     * MASE as defined above.
     *
     * @param history  the series the forecast was fitted on, oldest first
     * @param actual   what happened in the forecast steps
     * @param forecast the point forecasts of those steps
     * @param period   season m used for the scale (1 = naive scaling)
     * @return the MASE, NaN when the scale is 0
     * @throws IllegalArgumentException when the history has no more than m observations or the
     *                                  arrays differ in length or are empty
     */
    public static double mase(double[] history, double[] actual, double[] forecast, int period) {
        double scale = maseScale(history, period);
        double mae = meanAbsoluteError(actual, forecast);
        return scale == 0 ? Double.NaN : mae / scale;
    }

    /** The MASE denominator: in-sample mean absolute error of the seasonal-naive forecast. */
    public static double maseScale(double[] history, int period) {
        if (period < 1) {
            throw new IllegalArgumentException("the period must be at least 1, got " + period);
        }
        if (history.length <= period) {
            throw new IllegalArgumentException("MASE needs more than " + period + " history observations, got "
                    + history.length);
        }
        double sum = 0;
        for (int t = period; t < history.length; t++) {
            sum += Math.abs(history[t] - history[t - period]);
        }
        return sum / (history.length - period);
    }

    /** Mean absolute error of {@code forecast} against {@code actual}. */
    public static double meanAbsoluteError(double[] actual, double[] forecast) {
        requireSameLength(actual, forecast);
        double sum = 0;
        for (int t = 0; t < actual.length; t++) {
            sum += Math.abs(actual[t] - forecast[t]);
        }
        return sum / actual.length;
    }

    /** sMAPE as defined above, in percent. */
    public static double smape(double[] actual, double[] forecast) {
        requireSameLength(actual, forecast);
        double sum = 0;
        for (int t = 0; t < actual.length; t++) {
            double denominator = Math.abs(actual[t]) + Math.abs(forecast[t]);
            if (denominator > 0) {
                sum += 2 * Math.abs(forecast[t] - actual[t]) / denominator;
            }
        }
        return 100 * sum / actual.length;
    }

    private static void requireSameLength(double[] actual, double[] forecast) {
        if (actual.length == 0 || actual.length != forecast.length) {
            throw new IllegalArgumentException("actual and forecast must be non-empty and of equal length, got "
                    + actual.length + " and " + forecast.length);
        }
    }
}
