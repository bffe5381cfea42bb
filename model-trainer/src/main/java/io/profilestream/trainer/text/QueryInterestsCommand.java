package io.profilestream.trainer.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.profilestream.ml.text.QueryCategoryModel;
import io.profilestream.model.event.EventType;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.serde.Json;
import io.profilestream.trainer.data.ImportSettings;
import io.profilestream.trainer.text.QueryEvaluation.Scores;
import io.profilestream.trainer.text.QueryEvaluation.Split;
import io.profilestream.trainer.text.QueryPairs.QueryView;
import io.profilestream.trainer.train.ModelTraining;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code query-interests}: search query → category model, evaluated against baselines, exported. */
@Command(name = "query-interests", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Learns which categories shoppers view right after a query; evaluates it against popularity; exports it.",
        description = {"Reads shop events as JSON lines (the body of POST /v1/events, as 'generate' writes them), pairs "
                + "every search with the category of the first view after it in the same session (within --max-events "
                + "events and --max-gap), splits whole sessions by start time and reports accuracy@1, accuracy@3 and MRR "
                + "of the next view's category for: popularity (most viewed training categories), last-viewed (the "
                + "session's previous view, then popularity) and query-tokens (the model, then popularity).",
                "The public samples (REES46, Taobao, Diginetica, Amazon) have no search queries: evaluate on generated "
                + "data. With --out DIR the model fitted on ALL events is written to DIR/query-interests.json, for "
                + "QueryInterests.load(DIR)."})
public final class QueryInterestsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--events"}, required = true, paramLabel = "FILE", description = "Event JSON lines, e.g. from 'generate'.")
    Path events;

    @Option(names = "--test-fraction", defaultValue = "0.2", paramLabel = "F",
            description = "Share of the latest sessions held out (default: ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--max-events", defaultValue = "3", paramLabel = "N",
            description = "Look at most N events past a search for its view (default: ${DEFAULT-VALUE}).")
    int maxEvents;

    @Option(names = "--max-gap", defaultValue = "10m", paramLabel = "DURATION",
            description = "The view must come within this time of the search: 90s, 10m, 1h (default: ${DEFAULT-VALUE}).")
    String maxGap;

    @Option(names = "--smoothing", defaultValue = "1.0", paramLabel = "ALPHA",
            description = "Pseudo-views of the category prior added to every token (default: ${DEFAULT-VALUE}).")
    double smoothing;

    @Option(names = "--out", paramLabel = "DIR", description = "Write the model fitted on all events into DIR.")
    Path out;

    @Option(names = "--model-version", paramLabel = "NAME", description = "Version label of the exported model (default: <UTC time>-<data hash>).")
    String modelVersion;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        Duration gap;
        try {
            gap = ImportSettings.parseDuration(maxGap);
            if (maxEvents < 1 || !(smoothing >= 0) || !(testFraction > 0 && testFraction < 1)) {
                throw new IllegalArgumentException("--max-events must be >= 1, --smoothing >= 0 and --test-fraction in (0, 1)");
            }
            if (out != null && Files.exists(out.resolve(QueryCategoryModel.FILE))) {
                throw new IllegalArgumentException("--out " + out + " holds a model already; give a new directory");
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        List<RawEvent> all = read(events);
        Split split = QueryEvaluation.byTime(all, testFraction);
        List<QueryView> trainPairs = QueryPairs.extract(split.train(), maxEvents, gap);
        List<QueryView> testPairs = QueryPairs.extract(split.test(), maxEvents, gap);
        long searches = all.stream().filter(e -> e.type() == EventType.SEARCH).count();
        QueryCategoryModel model = QueryEvaluation.fit(split.train(), trainPairs, smoothing, "eval");
        Map<String, Scores> results = QueryEvaluation.evaluate(model, testPairs);
        double coverage = QueryEvaluation.coverage(model, testPairs);

        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "events: %d (%d searches); sessions split by start time, latest %.2f held out; "
                        + "query->view pairs (first view within %d events and %s): train %d, test %d; %d query tokens, "
                        + "%d categories%n%n", all.size(), searches, testFraction, maxEvents, gap, trainPairs.size(),
                testPairs.size(), model.tokenCount(), model.prior().size());
        w.printf(Locale.ROOT, "%-14s %8s %8s %8s %9s%n", "ranker", "acc@1", "acc@3", "MRR", "coverage");
        results.forEach((name, s) -> w.printf(Locale.ROOT, "%-14s %8.4f %8.4f %8.4f %9s%n", name, s.accuracyAt1(),
                s.accuracyAt3(), s.mrr(), name.equals("query-tokens") ? String.format(Locale.ROOT, "%.4f", coverage) : "-"));
        String dataHash = ModelTraining.sha256(events);
        Path exported = null;
        if (out != null) {
            String version = modelVersion != null ? modelVersion : ModelTraining.version(Instant.now(), dataHash);
            QueryCategoryModel full = QueryEvaluation.fit(all, QueryPairs.extract(all, maxEvents, gap), smoothing, version);
            Scores s = results.get("query-tokens");
            exported = full.save(out, Map.of("accuracy@1", s.accuracyAt1(), "accuracy@3", s.accuracyAt3(), "mrr", s.mrr(),
                    "coverage", coverage));
            w.printf("%nexported %s (%d query tokens, fitted on all events)%n", exported, full.tokenCount());
        }
        w.flush();
        if (json != null) {
            ObjectNode root = Json.mapper().createObjectNode();
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("events", events.toString());
            run.put("eventsSha256", dataHash);
            run.put("eventCount", all.size());
            run.put("searches", searches);
            run.put("testFraction", testFraction);
            run.put("maxEvents", maxEvents);
            run.put("maxGap", gap.toString());
            run.put("smoothing", smoothing);
            run.put("trainPairs", trainPairs.size());
            run.put("testPairs", testPairs.size());
            run.put("coverage", coverage);
            run.put("exported", exported == null ? null : exported.toString());
            root.set("run", Json.mapper().valueToTree(run));
            root.set("results", Json.mapper().valueToTree(results));
            Files.writeString(json, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n",
                    StandardCharsets.UTF_8);
        }
        return 0;
    }

    /**
     * Events of a JSON-lines file, blank lines skipped.
     *
     * @throws IOException naming file and line of a line that is not an event
     */
    static List<RawEvent> read(Path file) throws IOException {
        List<RawEvent> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long line = 0;
            for (String s = r.readLine(); s != null; s = r.readLine()) {
                line++;
                if (s.isBlank()) {
                    continue;
                }
                RawEvent e;
                try {
                    e = Json.mapper().readValue(s, RawEvent.class);
                } catch (JsonProcessingException ex) {
                    throw new IOException(file + " line " + line + ": not an event: " + ex.getOriginalMessage());
                }
                if (e == null || e.type() == null || e.timestamp() == null) {
                    throw new IOException(file + " line " + line + ": an event needs a type and a timestamp");
                }
                out.add(e);
            }
        }
        return out;
    }
}
