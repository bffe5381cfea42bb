package io.profilestream.recommender.demand;

import io.profilestream.model.dp.DiscreteLaplace;
import io.profilestream.model.dp.PrivacyNote;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The answer for a category from the hours {@link CategoryReleaseSchedule} released: post-processing
 * of those releases only, so it costs no budget however often it is asked.
 */
final class ReleasedCategories {

    /** Fits one measure's forecast; {@link DemandService#forecast}. */
    @FunctionalInterface
    interface MeasureForecaster {
        DemandResponse.MeasureForecast forecast(List<DemandResponse.Hour> history, DemandMeasure measure,
                                                Instant start, int horizonHours);
    }

    private ReleasedCategories() {
    }

    /**
     * @param released the released hours of the history window {@code [from, to)}
     * @param forecaster fits a forecast; given only the newest contiguous run of released hours, so
     *                   a gap (hours before start-up, a refused release) does not shift the season
     */
    static DemandResponse answer(String id, Instant from, Instant to, int horizonHours,
                                 NavigableMap<Instant, CategoryReleaseLog.HourRelease> released,
                                 DemandSettings settings, MeasureForecaster forecaster) {
        List<DemandResponse.Hour> history = new ArrayList<>();
        List<PrivacyNote> notes = new ArrayList<>();
        for (CategoryReleaseLog.HourRelease release : released.values()) {
            // A category added to the catalogue after an hour was released is absent from that hour.
            DemandCounts counts = release.cells().get(id);
            if (counts != null) {
                history.add(new DemandResponse.Hour(release.hour(), counts.views(), counts.addToCarts(), counts.units()));
                notes.add(release.note());
            }
        }
        int window = settings.historyDays() * 24;
        List<DemandResponse.Hour> run = newestRun(history);
        Map<String, DemandResponse.MeasureForecast> forecasts = new LinkedHashMap<>();
        if (!run.isEmpty()) {
            for (DemandMeasure measure : DemandMeasure.values()) {
                forecasts.put(measure.wireName(), forecaster.forecast(run, measure, to, horizonHours));
            }
        }
        String forecastNote = run.isEmpty() ? "no forecast: no hour is released yet"
                : "the forecast is " + forecasts.values().iterator().next().method() + " fitted on the last "
                        + run.size() + " consecutive released hour(s)"
                        + (run.size() < 2 * DemandService.SEASON_HOURS
                        ? " (Holt-Winters needs " + 2 * DemandService.SEASON_HOURS + ")" : "");
        BigDecimal spent = notes.stream().map(n -> BigDecimal.valueOf(n.epsilon())).reduce(BigDecimal.ZERO, BigDecimal::add);
        String note = "differentially private: each user contributes at most " + settings.perUserHourlyCap()
                + " per measure and hour across all categories; all categories are released together once per closed "
                + "hour with discrete Laplace noise and kept, so requests spend no privacy budget; " + history.size()
                + " of the " + window + " hours of the history are released, the other " + (window - history.size())
                + " are not (not closed yet, or not released by this instance); the hours shown cost epsilon "
                + (spent.signum() == 0 ? "0" : spent.round(new MathContext(6)).stripTrailingZeros().toPlainString()) + " in " + notes.size()
                + " release(s); " + forecastNote + "; negative noisy counts are shown as 0";
        return new DemandResponse(DemandKind.CATEGORY.wireName(), id, from, to, List.copyOf(history),
                new DemandResponse.Forecast(horizonHours, DemandService.LEVEL, forecasts),
                new DemandResponse.Privacy(DiscreteLaplace.MECHANISM, settings.perUserHourlyCap(), List.copyOf(notes),
                        note, history.size(), window - history.size()));
    }

    /** The newest run of consecutive hours of {@code history} (oldest first). */
    private static List<DemandResponse.Hour> newestRun(List<DemandResponse.Hour> history) {
        int start = history.size() - 1;
        while (start > 0 && history.get(start - 1).hour().plus(DemandSettings.HOUR).equals(history.get(start).hour())) {
            start--;
        }
        return start < 0 ? List.of() : history.subList(start, history.size());
    }
}
