package io.profilestream.ml.forecast;

/**
 * A forecasting method for one equally spaced series (e.g. hourly demand counts): fitted on the
 * history, then asked for the next {@code h} steps. Implementations are stateless and thread-safe;
 * everything a fit learns lives in the {@link ForecastModel} it returns.
 */
public interface Forecaster {

    /** The method as configured, e.g. {@code holt-winters(m=24)} or {@code seasonal-naive(m=24)}. */
    String name();

    /**
     * Fits the method to {@code history}.
     *
     * @param history observations, oldest first, one per step, no gaps (a step without events is 0)
     * @throws IllegalArgumentException when the history is empty or holds a value that is not finite
     */
    ForecastModel fit(double[] history);

    /** Checks what every method needs from a history. */
    static void requireUsable(double[] history) {
        if (history == null || history.length == 0) {
            throw new IllegalArgumentException("a forecast needs at least one observation");
        }
        for (int i = 0; i < history.length; i++) {
            if (!Double.isFinite(history[i])) {
                throw new IllegalArgumentException("observation " + i + " is not a finite number: " + history[i]);
            }
        }
    }
}
