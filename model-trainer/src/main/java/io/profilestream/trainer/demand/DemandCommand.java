package io.profilestream.trainer.demand;

import io.profilestream.ml.forecast.ExponentialSmoothing;
import io.profilestream.ml.forecast.Forecaster;
import io.profilestream.ml.forecast.SeasonalNaive;
import io.profilestream.trainer.data.ImportSettings;
import io.profilestream.trainer.data.Interaction;
import io.profilestream.trainer.data.InteractionImporter;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code demand}: demand forecasting per category and item, Holt-Winters against naive baselines in one run. */
@Command(name = "demand", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Evaluates demand forecasts per category and per item (MASE, sMAPE) against seasonal-naive and naive.",
        description = {"Counts events per step (e.g. hour) per category and per item, fits each method on all but the "
                + "last --horizon steps of the top series by volume (in the fitted part) and scores its forecast of "
                + "those steps. Forecasts are clipped at 0, as the recommender serves them.",
                "MASE is scaled by the in-sample seasonal-naive MAE (season --season, naive without season); "
                + "sMAPE is in percent (0/0 counts as 0). The table gives mean and median over the series of each "
                + "level; 'beats' counts series on which a method's MAE is below the baseline's (seasonal-naive, or "
                + "naive without season). The table goes to stdout, counts to stderr."})
public final class DemandCommand implements Callable<Integer> {

    /** Taobao's sample covers 2017-11-25..12-03, China time (UTC+8): 216 hours from 2017-11-24T16:00Z. */
    static final Instant TAOBAO_FROM = Instant.parse("2017-11-24T16:00:00Z");
    static final Instant TAOBAO_TO = Instant.parse("2017-12-03T16:00:00Z");

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE", description = "Source file.")
    Path input;

    @Option(names = "--preset", required = true, paramLabel = "NAME",
            description = "The import preset that reads the file (as in import): taobao, rees46, profilestream, ... "
                    + "taobao also sets --step 1h --season 24 --horizon 48 and the range 2017-11-24T16:00Z.."
                    + "2017-12-03T16:00Z; rees46 sets --step 5m --season 0 --horizon 6 (the sample holds ~3 hours: "
                    + "no daily season can be learnt).")
    String preset;

    @Option(names = "--step", paramLabel = "DURATION", description = "Bucket length (e.g. 1h, 5m). Default: the preset's, else 1h.")
    String step;

    @Option(names = "--season", paramLabel = "STEPS", description = "Season in steps, 0 = none. Default: the preset's, else 24.")
    Integer season;

    @Option(names = "--horizon", paramLabel = "STEPS", description = "Steps forecast and scored. Default: the preset's, else 48.")
    Integer horizon;

    @Option(names = "--start", paramLabel = "INSTANT", description = "Start of the range (ISO instant). Default: the preset's, else the step at or before the first event.")
    Instant from;

    @Option(names = "--end", paramLabel = "INSTANT", description = "End of the range (exclusive). Default: the preset's, else the step boundary at or before the last event (the cut-off last step is left out).")
    Instant to;

    @Option(names = "--measure", paramLabel = "TYPE", defaultValue = "view",
            description = "Events counted: view, add_to_cart, purchase or all (default: ${DEFAULT-VALUE}).")
    String measure;

    @Option(names = "--top-categories", paramLabel = "N", defaultValue = "20",
            description = "Categories evaluated, by volume in the fitted part (default: ${DEFAULT-VALUE}).")
    int topCategories;

    @Option(names = "--top-items", paramLabel = "N", defaultValue = "20",
            description = "Items evaluated, by volume in the fitted part (default: ${DEFAULT-VALUE}).")
    int topItems;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the aggregates and every series' scores as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        Plan plan = plan();
        InteractionImporter.Result imported;
        try (BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            imported = InteractionImporter.read(reader, plan.settings());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), input + ": " + e.getMessage());
        }
        List<Interaction> interactions = imported.interactions();
        DemandSeries.Range range;
        try {
            range = plan.from() != null
                    ? DemandSeries.Range.between(plan.from(), plan.to(), plan.step())
                    : DemandSeries.Range.covering(interactions, plan.step());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), input + ": " + e.getMessage());
        }
        int fitSteps = range.steps() - plan.horizon();
        if (fitSteps <= Math.max(plan.season(), 1)) {
            throw new ParameterException(spec.commandLine(), "the range " + range.from() + ".." + range.to() + " has "
                    + range.steps() + " steps: too few to fit more than " + Math.max(plan.season(), 1)
                    + " and forecast " + plan.horizon());
        }
        DemandSeries.Counts counts = DemandSeries.count(interactions, range, plan.types());
        List<Forecaster> methods = methods(plan.season());
        String baseline = baseline(plan.season());
        int maseSeason = Math.max(plan.season(), 1);

        List<DemandEvaluation.SeriesResult> results = new ArrayList<>();
        List<DemandEvaluation.Aggregate> aggregates = new ArrayList<>();
        for (var level : List.of(Map.entry("category", counts.byCategory()), Map.entry("item", counts.byItem()))) {
            int n = level.getKey().equals("category") ? topCategories : topItems;
            List<DemandEvaluation.SeriesResult> levelResults = new ArrayList<>();
            for (String key : DemandSeries.top(level.getValue(), n, fitSteps)) {
                levelResults.add(DemandEvaluation.evaluate(level.getKey(), key, level.getValue().get(key),
                        plan.horizon(), maseSeason, methods));
            }
            if (!levelResults.isEmpty()) {
                aggregates.addAll(DemandEvaluation.aggregate(level.getKey(), levelResults, methods, baseline));
            }
            results.addAll(levelResults);
        }

        Map<String, Object> run = new LinkedHashMap<>();
        run.put("input", input.toString());
        run.put("preset", preset);
        run.put("measure", measure);
        run.put("from", range.from().toString());
        run.put("to", range.to().toString());
        run.put("step", plan.step().toString());
        run.put("steps", range.steps());
        run.put("fitSteps", fitSteps);
        run.put("horizon", plan.horizon());
        run.put("season", plan.season());
        run.put("eventsCounted", counts.counted());
        run.put("eventsOutsideRange", counts.outside());
        run.put("eventsOfOtherTypes", counts.otherTypes());
        run.put("rowsRejected", imported.rejections().size());
        run.put("categories", counts.byCategory().size());
        run.put("items", counts.byItem().size());
        run.put("aggregation", "mean and median over the evaluated series of each level; MASE over series with a "
                + "non-zero in-sample scale");
        DemandReport report = new DemandReport(run, baseline, aggregates, results);

        spec.commandLine().getErr().printf(Locale.ROOT,
                "%s: %d %s events counted in %d steps of %s (%s..%s), %d outside, %d rejected rows; %d categories, "
                        + "%d items; fit %d steps, forecast %d%s%n",
                input, counts.counted(), measure, range.steps(), plan.step(), range.from(), range.to(), counts.outside(),
                imported.rejections().size(), counts.byCategory().size(), counts.byItem().size(), fitSteps,
                plan.horizon(), plan.season() > 1 ? ", season " + plan.season() : ", no season");
        spec.commandLine().getOut().print(report.table());
        spec.commandLine().getOut().flush();
        if (json != null) {
            Files.writeString(json, report.json(), StandardCharsets.UTF_8);
        }
        return 0;
    }

    /**
     * Holt-Winters (or, without season, Holt: what Holt-Winters reduces to), Holt and simple
     * smoothing as ablations, then the baselines.
     */
    static List<Forecaster> methods(int season) {
        if (season > 1) {
            return List.of(ExponentialSmoothing.holtWinters(season), ExponentialSmoothing.holt(),
                    ExponentialSmoothing.simple(), new SeasonalNaive(season), SeasonalNaive.naive());
        }
        return List.of(ExponentialSmoothing.holt(), ExponentialSmoothing.simple(), SeasonalNaive.naive());
    }

    /** The method wins are counted against: seasonal-naive, or naive without season. */
    static String baseline(int season) {
        return season > 1 ? new SeasonalNaive(season).name() : SeasonalNaive.naive().name();
    }

    /** What to read and how to cut it: options over preset over defaults. */
    record Plan(ImportSettings settings, Duration step, int season, int horizon, Instant from, Instant to,
                Set<String> types) {
    }

    Plan plan() {
        try {
            String name = preset.toLowerCase(Locale.ROOT);
            ImportSettings settings = ImportSettings.PRESETS.get(name);
            if (settings == null) {
                throw new IllegalArgumentException("unknown preset '" + preset + "'; known: "
                        + new java.util.TreeSet<>(ImportSettings.PRESETS.keySet()));
            }
            boolean taobao = name.equals("taobao");
            boolean rees46 = name.equals("rees46");
            Duration stepLength = ImportSettings.parseDuration(step != null ? step : rees46 ? "5m" : "1h");
            int seasonSteps = season != null ? season : rees46 ? 0 : 24;
            int horizonSteps = horizon != null ? horizon : rees46 ? 6 : 48;
            Instant start = from != null ? from : taobao ? TAOBAO_FROM : null;
            Instant end = to != null ? to : taobao ? TAOBAO_TO : null;
            if ((start == null) != (end == null)) {
                throw new IllegalArgumentException("give both --start and --end, or neither");
            }
            if (seasonSteps < 0 || seasonSteps == 1) {
                throw new IllegalArgumentException("--season must be 0 (none) or at least 2 steps, got " + seasonSteps);
            }
            if (horizonSteps < 1) {
                throw new IllegalArgumentException("--horizon must be at least 1 step, got " + horizonSteps);
            }
            Set<String> types = DemandSeries.MEASURES.get(measure.toLowerCase(Locale.ROOT));
            if (types == null) {
                throw new IllegalArgumentException("--measure must be one of " + new java.util.TreeSet<>(DemandSeries.MEASURES.keySet())
                        + ", got '" + measure + "'");
            }
            if (topCategories < 0 || topItems < 0) {
                throw new IllegalArgumentException("--top-categories and --top-items must be >= 0");
            }
            return new Plan(settings, stepLength, seasonSteps, horizonSteps, start, end, types);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
