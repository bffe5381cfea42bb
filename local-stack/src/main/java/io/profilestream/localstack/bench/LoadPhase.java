package io.profilestream.localstack.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.profilestream.generator.GeneratorSettings;
import io.profilestream.model.serde.Json;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code --phases load}: events, recommendation reads and freshness probes together on the bench
 * fleet, one fixed-duration {@link LoadStep} per rate of the sweep, then the summary and the
 * verdict of {@link LoadReport}. Before each step it waits (bounded) until the Streams
 * applications have caught up, so a step beyond capacity does not leave its backlog to the next.
 */
final class LoadPhase {

    private static final long CATCH_UP_MILLIS = 120_000;

    private LoadPhase() {
    }

    /**
     * Runs the sweep in the given order and prints as it goes; with {@code json} not null, writes
     * the JSON report there after every step (a sweep cut short still leaves its finished steps).
     */
    static List<LoadStep.Result> run(BenchFleet bench, HttpClient http, List<Double> rates, LoadStep.Settings settings,
                                     GeneratorSettings background, Path json, PrintStream out) throws Exception {
        String startedAt = Instant.now().toString();
        double loadAverage = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<LoadStep.Result> results = new ArrayList<>();
        try (ConsumerLag lag = new ConsumerLag(bench.fleet().broker().bootstrapServers())) {
            LoadStep step = new LoadStep(http, bench, lag, settings);
            for (int i = 0; i < rates.size(); i++) {
                if (!lag.awaitCaughtUp(BenchFleet.PARTITIONS, CATCH_UP_MILLIS)) {
                    out.printf(Locale.ROOT, "%n(the chain has not caught up after %d s, lag %s: the step starts anyway)%n",
                            CATCH_UP_MILLIS / 1000, lag.lag());
                }
                out.print(LoadReport.heading(rates.get(i), i + 1, rates.size(), settings));
                LoadStep.Result r = step.run(rates.get(i), background);
                results.add(r);
                out.print(LoadReport.step(r, settings));
                if (json != null) {
                    write(json, results, settings, startedAt, loadAverage);
                }
            }
        }
        out.print(LoadReport.summary(results, settings));
        if (json != null) {
            out.printf("JSON report: %s%n", json.toAbsolutePath());
        }
        return results;
    }

    private static void write(Path json, List<LoadStep.Result> results, LoadStep.Settings settings, String startedAt,
                              double loadAverage) throws java.io.IOException {
        ObjectNode report = LoadReport.json(results, settings);
        report.put("startedAt", startedAt).put("loadAverageAtStart", loadAverage)
                .put("cores", Runtime.getRuntime().availableProcessors());
        Path parent = json.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report);
    }
}
