package io.profilestream.recommender.demand;

import io.profilestream.ml.forecast.ExponentialSmoothing;
import io.profilestream.ml.forecast.Forecast;
import io.profilestream.ml.forecast.ForecastModel;
import io.profilestream.recommender.api.ParameterOutOfRangeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.function.BiPredicate;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Answers demand requests: the last {@link DemandSettings#historyDays()} days of hourly counts
 * (complete hours only: the current hour would read as a drop) and an additive Holt-Winters
 * forecast with a daily season of 24 hours per measure, fitted on the history as released.
 * Holt-Winters was chosen over the seasonal-naive and naive baselines by the trainer's
 * {@code demand} evaluation (docs/BENCHMARKS.md).
 *
 * <p>Categories with differential privacy are served from {@link CategoryReleaseLog}, the hours
 * {@link CategoryReleaseSchedule} released: a request spends no budget, and the history holds only
 * the released hours. Items (and categories without differential privacy) are released per
 * request through {@link DemandReleases#release}.
 */
public final class DemandService {

    /** Daily season of hourly counts. */
    public static final int SEASON_HOURS = 24;
    /** Probability of the prediction intervals. */
    public static final double LEVEL = 0.95;

    /** What became of a request. */
    public sealed interface Outcome {
        /** Answered here. */
        record Answered(DemandResponse response) implements Outcome {
        }

        /** Another instance owns the key; the request must go there. */
        record OwnedElsewhere(HostInfo owner) implements Outcome {
        }
    }

    private final DemandQueries queries;
    private final DemandReleases releases;
    private final DemandSettings settings;
    private final Clock clock;
    private final BiPredicate<DemandKind, String> known;
    private final CategoryReleaseLog categoryReleases;
    private final ExponentialSmoothing method = ExponentialSmoothing.holtWinters(SEASON_HOURS);

    /**
     * A service that answers 404 for a key without stored demand in the history: right for exact
     * counts, but with differential privacy whether anyone produced demand must not show, so
     * there use {@link #DemandService(DemandQueries, DemandReleases, DemandSettings, Clock, BiPredicate)}.
     */
    public DemandService(DemandQueries queries, DemandReleases releases, DemandSettings settings, Clock clock) {
        this(queries, releases, settings, clock, null);
    }

    /**
     * @param known which keys exist, decided on public data (the catalogue), not on the counts;
     *              null decides on the stored counts
     */
    public DemandService(DemandQueries queries, DemandReleases releases, DemandSettings settings, Clock clock,
                         BiPredicate<DemandKind, String> known) {
        this(queries, releases, settings, clock, known, null);
    }

    /**
     * @param known            which keys exist, decided on public data (the catalogue), not on the counts;
     *                         null decides on the stored counts
     * @param categoryReleases the hours of all categories released on the schedule, served instead of
     *                         releasing per request; null releases categories per request too
     */
    public DemandService(DemandQueries queries, DemandReleases releases, DemandSettings settings, Clock clock,
                         BiPredicate<DemandKind, String> known, CategoryReleaseLog categoryReleases) {
        this.categoryReleases = categoryReleases;
        this.queries = Objects.requireNonNull(queries, "queries");
        this.releases = Objects.requireNonNull(releases, "releases");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.known = known;
    }

    /**
     * History and forecast of one category or item.
     *
     * @throws ParameterOutOfRangeException when {@code horizonHours} is outside 1..max-horizon-hours
     * @throws DemandNotFoundException      when no demand is stored for it in the history
     * @throws io.profilestream.recommender.api.StoreUnavailableException when the store cannot be queried now
     */
    public Outcome demand(DemandKind kind, String id, int horizonHours) {
        int max = settings.maxHorizonHours();
        if (horizonHours < 1 || horizonHours > max) {
            throw new ParameterOutOfRangeException("horizonHours",
                    "horizonHours must be between 1 and " + max + ", got " + horizonHours, 1, max);
        }
        if (known != null && !known.test(kind, id)) {
            throw new DemandNotFoundException(kind, id, settings.historyDays());
        }
        Instant to = clock.instant().truncatedTo(ChronoUnit.HOURS);
        Instant from = to.minus(Duration.ofDays(settings.historyDays()));
        DemandQueries.Location location = queries.hourly(kind, id, from, to);
        if (location instanceof DemandQueries.Remote remote) {
            return new Outcome.OwnedElsewhere(remote.owner());
        }
        if (kind == DemandKind.CATEGORY && categoryReleases != null) {
            // The location only routes the request to the owner; its exact counts are not used.
            return new Outcome.Answered(ReleasedCategories.answer(id, from, to, horizonHours,
                    categoryReleases.between(from, to), settings, this::forecast));
        }
        NavigableMap<Instant, DemandCounts> stored = ((DemandQueries.Local) location).hours();
        if (known == null && stored.values().stream().allMatch(DemandCounts.ZERO::equals)) {
            throw new DemandNotFoundException(kind, id, settings.historyDays());
        }
        int hours = settings.historyDays() * 24;
        List<DemandResponse.Hour> exact = new ArrayList<>(hours);
        for (int i = 0; i < hours; i++) {
            Instant hour = from.plus(Duration.ofHours(i));
            DemandCounts c = stored.getOrDefault(hour, DemandCounts.ZERO);
            exact.add(new DemandResponse.Hour(hour, c.views(), c.addToCarts(), c.units()));
        }
        DemandReleases.Released released = releases.release(kind, id, exact);
        Map<String, DemandResponse.MeasureForecast> forecasts = new LinkedHashMap<>();
        for (DemandMeasure measure : DemandMeasure.values()) {
            forecasts.put(measure.wireName(), forecast(released.hours(), measure, to, horizonHours));
        }
        return new Outcome.Answered(new DemandResponse(kind.wireName(), id, from, to, released.hours(),
                new DemandResponse.Forecast(horizonHours, LEVEL, forecasts), released.privacy()));
    }

    /**
     * The forecast of {@code horizonHours} hours from {@code start}, fitted on {@code history}, whose
     * last hour may end before {@code start} (the model then steps over the gap, so the daily season
     * stays aligned).
     */
    DemandResponse.MeasureForecast forecast(List<DemandResponse.Hour> history, DemandMeasure measure,
                                            Instant start, int horizonHours) {
        double[] series = history.stream().mapToDouble(h -> h.get(measure)).toArray();
        Instant next = history.get(history.size() - 1).hour().plus(DemandSettings.HOUR);
        int skip = (int) Math.max(0, Duration.between(next, start).toHours());
        ForecastModel model = method.fit(series);
        Forecast f = model.forecast(skip + horizonHours, LEVEL);
        List<DemandResponse.ForecastHour> hours = new ArrayList<>(horizonHours);
        for (int i = 0; i < horizonHours; i++) {
            int k = skip + i;
            hours.add(new DemandResponse.ForecastHour(start.plus(Duration.ofHours(i)), Math.max(0, f.mean()[k]),
                    f.hasInterval() ? Math.max(0, f.lower()[k]) : null,
                    f.hasInterval() ? Math.max(0, f.upper()[k]) : null));
        }
        return new DemandResponse.MeasureForecast(model.method(), model.parameters(), hours);
    }
}
