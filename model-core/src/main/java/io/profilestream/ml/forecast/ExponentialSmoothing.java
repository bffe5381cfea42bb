package io.profilestream.ml.forecast;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Additive exponential smoothing: Holt-Winters (level, trend, additive season), Holt (level and
 * trend) and simple exponential smoothing (level), in the component form of Hyndman and
 * Athanasopoulos, <i>Forecasting: Principles and Practice</i> (3rd ed., §8.3):
 * <pre>
 *   ŷ(t)  = ℓ(t-1) + b(t-1) + s(t-m)              one-step forecast, e(t) = y(t) - ŷ(t)
 *   ℓ(t)  = ℓ(t-1) + b(t-1) + α e(t)              = α (y(t) - s(t-m)) + (1-α)(ℓ(t-1) + b(t-1))
 *   b(t)  = b(t-1) + αβ e(t)                      = β (ℓ(t) - ℓ(t-1)) + (1-β) b(t-1)
 *   s(t)  = s(t-m) + γ e(t)                       = γ (y(t) - ℓ(t-1) - b(t-1)) + (1-γ) s(t-m)
 *   ŷ(n+h) = ℓ(n) + h b(n) + s(n+h-m(k+1)),  k = ⌊(h-1)/m⌋
 * </pre>
 *
 * <p><b>Initialisation</b> (states at time 0, before the first observation; deterministic, from
 * the data, not estimated): Holt-Winters takes the means μ1, μ2 of the first two seasons,
 * {@code b(0) = (μ2 - μ1) / m}, {@code ℓ(0) = μ1 - b(0)(m+1)/2} (μ1 is the level at the middle of
 * season one, time (m+1)/2, so it is moved back to time 0) and {@code s(i) = y(i) - ℓ(0) - i b(0)}
 * for i = 1..m, which sum to zero. A series that is exactly linear plus a repeating season is then
 * fitted with zero error. Holt takes {@code b(0) = y(2) - y(1)}, {@code ℓ(0) = y(1) - b(0)};
 * simple smoothing {@code ℓ(0) = y(1)}.
 *
 * <p><b>Parameters</b> minimise the sum of squared one-step errors over the whole history: a grid
 * ({@link #ALPHA_GRID} × {@link #BETA_GRID} × {@link #GAMMA_GRID}, keeping γ ≤ 1 - α), then a
 * compass search from the best grid point (steps 0.05 halved down to 0.001, within the bounds).
 * Ties keep the earlier candidate, so fits are deterministic.
 *
 * <p><b>Fallbacks</b>: Holt-Winters needs two full seasons to initialise; on a shorter history it
 * is fitted as Holt, and Holt on fewer than 3 observations (no error left to choose parameters
 * by) as simple smoothing. {@link ForecastModel#method()} says which was fitted.
 *
 * <p><b>Intervals</b> use the forecast variance of the equivalent ETS(A,A,A) model (Hyndman et
 * al. 2008, table 6.1) with β_ETS = αβ:
 * {@code σ²_h = σ² [1 + (h-1)(α² + α β_ETS h + β_ETS² h(2h-1)/6) + γ k (2α + γ + β_ETS m (k+1))]},
 * σ² the mean squared one-step error over the observations whose error is not zero by construction
 * (all for Holt-Winters; all but the first 2 for Holt and the first 1 for simple smoothing). No
 * interval when fewer than 2 such errors exist.
 */
public final class ExponentialSmoothing implements Forecaster {

    /** Level smoothing values tried first; 0 (a level that never learns) is excluded. */
    public static final double[] ALPHA_GRID = {0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99};
    /** Trend smoothing values tried first (β of the component form, a share of the level's change). */
    public static final double[] BETA_GRID = {0, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5};
    /** Seasonal smoothing values tried first. */
    public static final double[] GAMMA_GRID = {0, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7};

    private static final double MIN_ALPHA = 1e-4;
    private static final double FIRST_STEP = 0.05;
    private static final double FINEST_STEP = 0.001;
    /** Bounds the compass search; each evaluation is one pass over the history. */
    private static final int MAX_REFINE_EVALUATIONS = 2_000;

    private final int period;
    private final boolean trend;

    private ExponentialSmoothing(int period, boolean trend) {
        this.period = period;
        this.trend = trend;
    }

    /** Additive Holt-Winters with a season of {@code period} steps (24 for hourly data with a daily cycle). */
    public static ExponentialSmoothing holtWinters(int period) {
        if (period < 2) {
            throw new IllegalArgumentException("a seasonal period must be at least 2 steps, got " + period
                    + " (use holt() for a series without season)");
        }
        return new ExponentialSmoothing(period, true);
    }

    /** Holt's linear trend method (no season). */
    public static ExponentialSmoothing holt() {
        return new ExponentialSmoothing(0, true);
    }

    /** Simple exponential smoothing (level only: a flat forecast). */
    public static ExponentialSmoothing simple() {
        return new ExponentialSmoothing(0, false);
    }

    @Override
    public String name() {
        return period > 0 ? "holt-winters(m=" + period + ")" : trend ? "holt" : "ses";
    }

    @Override
    public ForecastModel fit(double[] history) {
        Forecaster.requireUsable(history);
        int n = history.length;
        if (period > 0 && n >= 2 * period) {
            return search(history.clone(), period, true);
        }
        if (trend && n >= 3) {
            return search(history.clone(), 0, true);
        }
        return search(history.clone(), 0, false);
    }

    private static Fit search(double[] y, int m, boolean trend) {
        Fit best = null;
        double[] betas = trend ? BETA_GRID : new double[] {0};
        double[] gammas = m > 0 ? GAMMA_GRID : new double[] {0};
        for (double alpha : ALPHA_GRID) {
            for (double beta : betas) {
                for (double gamma : gammas) {
                    if (gamma > 1 - alpha) {
                        continue;
                    }
                    Fit candidate = new Fit(y, m, trend, alpha, beta, gamma);
                    if (best == null || candidate.sse < best.sse) {
                        best = candidate;
                    }
                }
            }
        }
        return refine(best);
    }

    /** Compass search around the grid's best point; free coordinates only. */
    private static Fit refine(Fit start) {
        Fit best = start;
        int evaluations = 0;
        for (double step = FIRST_STEP; step >= FINEST_STEP && evaluations < MAX_REFINE_EVALUATIONS; ) {
            boolean improved = false;
            for (int coordinate = 0; coordinate < 3; coordinate++) {
                if ((coordinate == 1 && !best.trend) || (coordinate == 2 && best.m == 0)) {
                    continue;
                }
                for (double sign : new double[] {1, -1}) {
                    double[] p = {best.alpha, best.beta, best.gamma};
                    p[coordinate] += sign * step;
                    p[0] = Math.min(1, Math.max(MIN_ALPHA, p[0]));
                    p[1] = Math.min(1, Math.max(0, p[1]));
                    p[2] = Math.min(1 - p[0], Math.max(0, p[2]));
                    if (p[0] == best.alpha && p[1] == best.beta && p[2] == best.gamma) {
                        continue;
                    }
                    Fit candidate = new Fit(best.y, best.m, best.trend, p[0], p[1], p[2]);
                    evaluations++;
                    if (candidate.sse < best.sse) {
                        best = candidate;
                        improved = true;
                    }
                }
            }
            if (!improved) {
                step /= 2;
            }
        }
        return best;
    }

    /** One parameter set run over the history: its error and its final states. */
    static final class Fit implements ForecastModel {
        private final double[] y;
        private final int m;
        private final boolean trend;
        private final double alpha;
        private final double beta;
        private final double gamma;
        private final double sse;
        private final double level;
        private final double slope;
        /** Seasonal state per position t mod m after the history; empty without season. */
        private final double[] season;

        Fit(double[] y, int m, boolean trend, double alpha, double beta, double gamma) {
            this.y = y;
            this.m = m;
            this.trend = trend;
            this.alpha = alpha;
            this.beta = beta;
            this.gamma = gamma;
            double l;
            double b;
            double[] s = new double[m];
            if (m > 0) {
                double mean1 = mean(y, 0, m);
                double mean2 = mean(y, m, 2 * m);
                b = (mean2 - mean1) / m;
                l = mean1 - b * (m + 1) / 2.0;
                for (int i = 0; i < m; i++) {
                    s[i] = y[i] - l - b * (i + 1);
                }
            } else if (trend) {
                b = y[1] - y[0];
                l = y[0] - b;
            } else {
                b = 0;
                l = y[0];
            }
            double sum = 0;
            for (int t = 0; t < y.length; t++) {
                double seasonal = m > 0 ? s[t % m] : 0;
                double e = y[t] - (l + b + seasonal);
                sum += e * e;
                l = l + b + alpha * e;
                if (trend) {
                    b = b + alpha * beta * e;
                }
                if (m > 0) {
                    s[t % m] = seasonal + gamma * e;
                }
            }
            this.sse = sum;
            this.level = l;
            this.slope = b;
            this.season = s;
        }

        private static double mean(double[] y, int from, int to) {
            double sum = 0;
            for (int i = from; i < to; i++) {
                sum += y[i];
            }
            return sum / (to - from);
        }

        /** Sum of squared one-step errors over the history. */
        double sse() {
            return sse;
        }

        /** Observations whose one-step error is not zero by construction of the initial states. */
        private int errorCount() {
            return y.length - (m > 0 ? 0 : trend ? 2 : 1);
        }

        @Override
        public String method() {
            return m > 0 ? "holt-winters(m=" + m + ")" : trend ? "holt" : "ses";
        }

        @Override
        public Map<String, Double> parameters() {
            Map<String, Double> p = new LinkedHashMap<>();
            p.put("alpha", alpha);
            if (trend) {
                p.put("beta", beta);
            }
            if (m > 0) {
                p.put("gamma", gamma);
                p.put("period", (double) m);
            }
            if (errorCount() >= 1) {
                p.put("sigma", Math.sqrt(sse / errorCount()));
            }
            return p;
        }

        @Override
        public Forecast forecast(int horizon, double level) {
            Forecast.requireHorizon(horizon);
            double[] mean = new double[horizon];
            for (int h = 1; h <= horizon; h++) {
                mean[h - 1] = this.level + h * slope + (m > 0 ? season[(y.length + h - 1) % m] : 0);
            }
            double[] sd = null;
            if (errorCount() >= 2) {
                double sigma2 = sse / errorCount();
                double betaEts = trend ? alpha * beta : 0;
                sd = new double[horizon];
                for (int h = 1; h <= horizon; h++) {
                    int k = m > 0 ? (h - 1) / m : 0;
                    double variance = sigma2 * (1 + (h - 1) * (alpha * alpha + alpha * betaEts * h
                            + betaEts * betaEts * h * (2.0 * h - 1) / 6)
                            + (m > 0 ? gamma * k * (2 * alpha + gamma + betaEts * m * (k + 1)) : 0));
                    sd[h - 1] = Math.sqrt(variance);
                }
            }
            return Forecast.of(method(), parameters(), mean, sd, level);
        }
    }
}
