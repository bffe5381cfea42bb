package io.profilestream.ml.forecast;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Point forecasts for steps 1..h after the history, with a prediction interval when the method
 * has one. Intervals assume normally distributed one-step errors (see each method), so for small
 * counts they are approximate; nothing here is clipped at zero, callers forecasting counts do that.
 *
 * @param method     the method fitted ({@link ForecastModel#method()})
 * @param parameters the fitted parameters ({@link ForecastModel#parameters()})
 * @param mean       point forecast per step
 * @param lower      lower interval bound per step, or null when the model has no interval
 * @param upper      upper interval bound per step, or null when the model has no interval
 * @param level      the interval's probability (e.g. 0.95); NaN without interval
 */
public record Forecast(String method, Map<String, Double> parameters, double[] mean, double[] lower, double[] upper,
                       double level) {

    public Forecast {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(mean, "mean");
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
        if ((lower == null) != (upper == null)) {
            throw new IllegalArgumentException("an interval needs both bounds");
        }
        if (lower != null && (lower.length != mean.length || upper.length != mean.length)) {
            throw new IllegalArgumentException("interval bounds must have one value per step");
        }
    }

    /** Steps forecast. */
    public int horizon() {
        return mean.length;
    }

    /** Whether {@link #lower()} and {@link #upper()} are given. */
    public boolean hasInterval() {
        return lower != null;
    }

    /** Two-sided standard normal quantile for {@code level}, e.g. 1.959964 for 0.95. */
    static double z(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("the interval level must be strictly between 0 and 1, got " + level);
        }
        return Normal.quantile(0.5 + level / 2);
    }

    /** A forecast with intervals {@code mean ± z(level) * sd[step]}; none when {@code sd} is null. */
    static Forecast of(String method, Map<String, Double> parameters, double[] mean, double[] sd, double level) {
        if (sd == null) {
            return new Forecast(method, parameters, mean, null, null, Double.NaN);
        }
        double z = z(level);
        double[] lower = new double[mean.length];
        double[] upper = new double[mean.length];
        for (int i = 0; i < mean.length; i++) {
            lower[i] = mean[i] - z * sd[i];
            upper[i] = mean[i] + z * sd[i];
        }
        return new Forecast(method, parameters, mean, lower, upper, level);
    }

    static void requireHorizon(int horizon) {
        if (horizon < 1) {
            throw new IllegalArgumentException("the horizon must be at least 1 step, got " + horizon);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Forecast f && method.equals(f.method) && parameters.equals(f.parameters)
                && Arrays.equals(mean, f.mean) && Arrays.equals(lower, f.lower) && Arrays.equals(upper, f.upper)
                && Double.compare(level, f.level) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, parameters, Arrays.hashCode(mean), Arrays.hashCode(lower), Arrays.hashCode(upper),
                level);
    }

    @Override
    public String toString() {
        return "Forecast[" + method + " " + parameters + " mean=" + Arrays.toString(mean) + " lower="
                + Arrays.toString(lower) + " upper=" + Arrays.toString(upper) + " level=" + level + "]";
    }
}
