package io.profilestream.model.profile;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The prices a shopper engages with, as running statistics of log(price) (Welford), because
 * prices are roughly log-normal: the band is geometric mean / sd in log space.
 *
 * @param count   number of priced events seen
 * @param meanLog mean of ln(price)
 * @param m2Log   sum of squared deviations of ln(price) from the mean
 */
public record PriceBand(long count, double meanLog, double m2Log) {

    /** Nothing seen yet. */
    public static PriceBand empty() {
        return new PriceBand(0, 0, 0);
    }

    /** Adds one observed price; non-positive prices carry no band information and are ignored. */
    public PriceBand add(double price) {
        if (!(price > 0) || Double.isInfinite(price)) {
            return this;
        }
        double x = Math.log(price);
        long n = count + 1;
        double delta = x - meanLog;
        double mean = meanLog + delta / n;
        return new PriceBand(n, mean, m2Log + delta * (x - mean));
    }

    /** Geometric mean price, or 0 when nothing was seen. */
    @JsonProperty("typical")
    public double typical() {
        return count == 0 ? 0 : Math.exp(meanLog);
    }

    /** Lower edge of the band: one standard deviation below the mean in log space. */
    @JsonProperty("low")
    public double low() {
        return count == 0 ? 0 : Math.exp(meanLog - sdLog());
    }

    /** Upper edge of the band: one standard deviation above the mean in log space. */
    @JsonProperty("high")
    public double high() {
        return count == 0 ? 0 : Math.exp(meanLog + sdLog());
    }

    private double sdLog() {
        return count < 2 ? 0 : Math.sqrt(m2Log / (count - 1));
    }
}
