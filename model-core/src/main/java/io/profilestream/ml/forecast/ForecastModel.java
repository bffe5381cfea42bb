package io.profilestream.ml.forecast;

import java.util.Map;

/** A {@link Forecaster} fitted to one history: what it chose, and its forecasts from the history's end. */
public interface ForecastModel {

    /**
     * The method actually fitted, which may be a fallback of the one asked for (Holt-Winters on a
     * history shorter than two seasons is fitted as Holt), e.g. {@code holt-winters(m=24)},
     * {@code holt}, {@code ses}, {@code seasonal-naive(m=24)}, {@code naive}.
     */
    String method();

    /** The fitted parameters by name (e.g. alpha, beta, gamma, sigma), in a stable order. */
    Map<String, Double> parameters();

    /**
     * The next {@code horizon} steps after the history, with a central prediction interval of
     * probability {@code level} when the model can give one.
     *
     * @param horizon steps ahead, at least 1
     * @param level   interval probability, strictly between 0 and 1 (e.g. 0.95)
     */
    Forecast forecast(int horizon, double level);
}
