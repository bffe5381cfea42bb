package io.profilestream.recommender.demand;

import io.profilestream.model.dp.PrivacyNote;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /v1/demand/{categories|items}/{id}}: the released hourly history and
 * its forecast per measure.
 *
 * @param kind     {@code category} or {@code item}
 * @param id       the category or item id
 * @param from     start of the first hour of history
 * @param to       end of the last hour of history (the start of the current, incomplete hour,
 *                 which is left out) and start of the first forecast hour
 * @param history  one entry per hour, oldest first, hours without demand included as zeros; for
 *                 categories with differential privacy only the released hours (see
 *                 {@link Privacy#releasedHours()})
 * @param forecast the forecast of each measure from the history
 * @param privacy  how the counts were released
 */
@Schema(name = "DemandResponse")
public record DemandResponse(String kind, String id, Instant from, Instant to, List<Hour> history, Forecast forecast,
                             Privacy privacy) {

    /**
     * Demand in one hour, as released.
     *
     * @param hour       start of the hour
     * @param views      product views
     * @param addToCarts add-to-carts
     * @param units      purchased units
     */
    @Schema(name = "DemandHour")
    public record Hour(Instant hour, long views, long addToCarts, long units) {

        /** The count of {@code measure}. */
        public long get(DemandMeasure measure) {
            return switch (measure) {
                case VIEWS -> views;
                case ADD_TO_CARTS -> addToCarts;
                case UNITS -> units;
            };
        }
    }

    /**
     * Forecasts of the hours after {@code to}.
     *
     * @param horizonHours hours forecast
     * @param level        probability of the prediction intervals
     * @param measures     per measure ({@code views}, {@code addToCarts}, {@code units})
     */
    @Schema(name = "DemandForecast")
    public record Forecast(int horizonHours, double level, Map<String, MeasureForecast> measures) {
    }

    /**
     * One measure's forecast.
     *
     * @param method     the method fitted: {@code holt-winters(m=24)}, or its fallback on a short history
     * @param parameters its fitted parameters (alpha, beta, gamma, period, sigma)
     * @param hours      one per forecast hour
     */
    @Schema(name = "DemandMeasureForecast")
    public record MeasureForecast(String method, Map<String, Double> parameters, List<ForecastHour> hours) {
    }

    /**
     * One forecast hour, clipped at 0 (demand is never negative).
     *
     * @param hour  start of the hour
     * @param mean  point forecast
     * @param lower lower bound of the prediction interval, or null when the model has none
     * @param upper upper bound of the prediction interval, or null when the model has none
     */
    @Schema(name = "DemandForecastHour")
    public record ForecastHour(Instant hour, double mean, Double lower, Double upper) {
    }

    /**
     * How the counts in the answer were released.
     *
     * @param mechanism        {@code discrete-laplace}, or {@code none} for exact counts
     * @param perUserHourlyCap most one user contributes to each measure per hour
     * @param releases         the differentially private releases the hours shown come from (ε,
     *                         sensitivity, noise scale, ledger receipt each); empty for exact counts
     * @param note             what the numbers are, in words
     * @param releasedHours    categories with differential privacy: hours of the history window
     *                         released so far (the history holds only those); absent otherwise
     * @param unreleasedHours  categories with differential privacy: hours of the history window not
     *                         released (not closed yet, or before this instance released them); absent otherwise
     */
    @Schema(name = "DemandPrivacy")
    public record Privacy(String mechanism, int perUserHourlyCap, List<PrivacyNote> releases, String note,
                          Integer releasedHours, Integer unreleasedHours) {

        /** How counts released per request, or exact ones, were released: no hour counts. */
        public Privacy(String mechanism, int perUserHourlyCap, List<PrivacyNote> releases, String note) {
            this(mechanism, perUserHourlyCap, releases, note, null, null);
        }
    }
}
