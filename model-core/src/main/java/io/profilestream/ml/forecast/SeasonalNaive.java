package io.profilestream.ml.forecast;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The seasonal-naive baseline: each step is forecast as the observation one season earlier,
 * {@code ŷ(n+h) = y(n+h-m(k+1))}, {@code k = ⌊(h-1)/m⌋}. With a period of 1 it is the naive
 * forecast (the last observation, repeated). On a history shorter than one season it falls back
 * to naive ({@link ForecastModel#method()} says so).
 *
 * <p>Interval (FPP 3rd ed., §5.5): {@code σ_h = σ √(k+1)} for a season, {@code σ √h} for naive,
 * σ² the mean squared in-sample residual {@code y(t) - y(t-m)}; none with fewer than 2 residuals.
 */
public final class SeasonalNaive implements Forecaster {

    private final int period;

    /** @param period season length in steps, at least 1 (1 = naive) */
    public SeasonalNaive(int period) {
        if (period < 1) {
            throw new IllegalArgumentException("a seasonal period must be at least 1 step, got " + period);
        }
        this.period = period;
    }

    /** The naive forecast: the last observation. */
    public static SeasonalNaive naive() {
        return new SeasonalNaive(1);
    }

    @Override
    public String name() {
        return method(period);
    }

    private static String method(int m) {
        return m == 1 ? "naive" : "seasonal-naive(m=" + m + ")";
    }

    @Override
    public ForecastModel fit(double[] history) {
        Forecaster.requireUsable(history);
        double[] y = history.clone();
        int m = y.length >= period ? period : 1;
        return new ForecastModel() {
            @Override
            public String method() {
                return SeasonalNaive.method(m);
            }

            @Override
            public Map<String, Double> parameters() {
                Map<String, Double> p = new LinkedHashMap<>();
                p.put("period", (double) m);
                if (y.length > m) {
                    p.put("sigma", Math.sqrt(meanSquaredResidual(y, m)));
                }
                return p;
            }

            @Override
            public Forecast forecast(int horizon, double level) {
                Forecast.requireHorizon(horizon);
                int n = y.length;
                double[] mean = new double[horizon];
                for (int h = 1; h <= horizon; h++) {
                    mean[h - 1] = y[n - m + (h - 1) % m];
                }
                double[] sd = null;
                if (n - m >= 2) {
                    double sigma = Math.sqrt(meanSquaredResidual(y, m));
                    sd = new double[horizon];
                    for (int h = 1; h <= horizon; h++) {
                        sd[h - 1] = sigma * Math.sqrt(m == 1 ? h : (h - 1) / m + 1);
                    }
                }
                return Forecast.of(method(), parameters(), mean, sd, level);
            }
        };
    }

    private static double meanSquaredResidual(double[] y, int m) {
        double sum = 0;
        for (int t = m; t < y.length; t++) {
            double r = y[t] - y[t - m];
            sum += r * r;
        }
        return sum / (y.length - m);
    }
}
