package io.profilestream.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.generator.GeneratorSettings;
import io.profilestream.generator.replay.ColumnMapping;
import io.profilestream.cli.Progress;
import io.profilestream.cli.ProgressOptions;
import io.profilestream.localstack.fleet.Fleet;
import io.profilestream.localstack.fleet.ServiceProcess;
import io.profilestream.localstack.model.DemoModel;
import io.profilestream.localstack.model.DemoRefit;
import io.profilestream.localstack.model.TrainerProcess;
import io.profilestream.localstack.traffic.EventSource;
import io.profilestream.localstack.traffic.SendResult;
import io.profilestream.localstack.traffic.TrafficSender;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.security.LocalDevelopmentKeys;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Starts the fleet, sends demo traffic, shows a profile and its recommendations, keeps running. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Starts broker + services, sends demo traffic (generated or replayed), prints where to look.",
        description = {"Starts a Kafka broker and the four services as child processes (logs and data in --data-dir), "
                + "trains a small demo model in the background unless --model says otherwise, sends --events generated "
                + "events (or replays a CSV/TSV file), waits until the busiest user's profile and recommendations show "
                + "them, prints them with curl commands to try, and keeps running until Ctrl-C."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success (with --exit-when-done; otherwise the stack runs until stopped)",
                "1:failure at run time: the broker or a service did not start, ingest failed, an input file is "
                        + "missing; one line 'error: ...' on stderr (--debug adds the stack trace)",
                "2:invalid command line: unknown option, bad or missing value (the reason on stderr)",
                "130:stopped with Ctrl-C (SIGINT; 143 for SIGTERM) after stopping everything it started"})
final class RunCommand implements Callable<Integer> {

    private static final Duration TRAINER_TIMEOUT = Duration.ofSeconds(600);
    private static final Duration MODEL_LOAD_TIMEOUT = Duration.ofSeconds(60);
    /** How often the demo's services look for a new segment version (30 s in a deployment). */
    private static final Duration REFIT_POLL = Duration.ofSeconds(1);

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--home", defaultValue = "${sys:profilestream.home:-.}", paramLabel = "DIR",
            description = "Repository root (default: current directory).")
    Path home;

    @Option(names = "--data-dir", defaultValue = ".local-stack", paramLabel = "DIR",
            description = "Broker data, state stores and logs (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--clean", description = "Delete the data directory first.")
    boolean clean;

    @Option(names = "--events", defaultValue = "20000", paramLabel = "N",
            description = "Events to send (default: ${DEFAULT-VALUE}); for --replay, the most rows to send.")
    long events;

    @Option(names = "--users", defaultValue = "1000", paramLabel = "N", description = "Synthetic shoppers (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--items", defaultValue = "2000", paramLabel = "N", description = "Synthetic catalogue size (default: ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "EVENTS_PER_S",
            description = "Max events/s, 0 = as fast as ingest takes them (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--partitions", defaultValue = "4", paramLabel = "N", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replay", paramLabel = "FILE", description = "Replay this CSV/TSV file instead of generating events.")
    Path replay;

    @Option(names = "--preset", paramLabel = "NAME", completionCandidates = Presets.class,
            description = "Column mapping of a known file: ${COMPLETION-CANDIDATES}.")
    String preset;

    @Option(names = "--columns", paramLabel = "MAPPING",
            description = "Column mapping field=column,... (fields: user, session, item, time, type, category, brand, price, currency).")
    String columns;

    @Option(names = "--delimiter", defaultValue = ",", paramLabel = "SEP",
            description = "Field separator: tab, comma, semicolon, pipe or one character (default: ${DEFAULT-VALUE}).")
    String delimiter;

    @Option(names = "--model", defaultValue = "train", paramLabel = "train|none|DIR",
            description = "train: train a small demo model on a generated history while the fleet starts (the services "
                    + "hot-load it); none: no model (explicit-feature recommendations only); DIR: serve the models in this "
                    + "directory as they are, relative to the repository root (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--history-events", defaultValue = "30000", paramLabel = "N",
            description = "Generated history events the demo model trains on (default: ${DEFAULT-VALUE}).")
    int historyEvents;

    @Option(names = "--exit-when-done", description = "Stop everything after the demo report instead of waiting for Ctrl-C.")
    boolean exitWhenDone;

    @Mixin
    ProgressOptions progress;

    static final class Presets extends java.util.ArrayList<String> {
        Presets() {
            super(new java.util.TreeSet<>(ColumnMapping.PRESETS.keySet()));
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        GeneratorSettings settings = EventSource.demoSettings(seed, users, items, events);
        EventSource source = eventSource(settings);
        if (clean) {
            CleanCommand.deleteTree(dataDir);
        }
        Path data = dataDir.toAbsolutePath();
        Map<String, Integer> ports = Fleet.defaultPorts();
        String modelChoice = model;
        if (replay != null && "train".equals(modelChoice)) {
            out.println("No demo model for a replay (its items are not the generated catalogue): train one with "
                    + "bin/profilestream-trainer and pass --model DIR. Running without a model.");
            modelChoice = "none";
        }
        try (ChildProcesses trainerChildren = new ChildProcesses().installShutdownHook()) {
            // The trainer runs while the broker and services start: they come up without a model
            // and hot-load it when the export lands.
            DemoModel demoModel = DemoModel.prepare(modelChoice, home.toAbsolutePath().normalize(), data, settings,
                    settings.start(), historyEvents, trainerChildren, out);
            DemoRefit refit = DemoRefit.under(data);
            try (Fleet fleet = Fleet.start(home.toAbsolutePath().normalize(), data, ports, partitions,
                    withRefit(demoModel.serviceArgs(), refit), out); source) {
                runDemo(fleet, source, demoModel, modelChoice, refit, out);
            }
        }
        return 0;
    }

    /** The demo model's service options plus those that make the services follow the re-fit segments. */
    private static Map<String, List<String>> withRefit(Map<String, List<String>> modelArgs, DemoRefit refit) {
        Map<String, List<String>> args = new java.util.HashMap<>(modelArgs);
        refit.serviceArgs(REFIT_POLL).forEach((service, more) -> args.merge(service, more, (a, b) -> {
            List<String> both = new java.util.ArrayList<>(a);
            both.addAll(b);
            return both;
        }));
        return args;
    }

    private void runDemo(Fleet fleet, EventSource source, DemoModel demoModel, String modelChoice, DemoRefit refit,
                         PrintStream out) throws Exception {
        String ingest = fleet.service("ingest-service").baseUrl();
        TrafficSender sender = new TrafficSender(ingest, 250, 2);
        if (!source.catalogue().isEmpty()) {
            SendResult itemsResult = sender.send("/v1/items", source.catalogue().iterator(), source.catalogue().size(), 0, n -> { });
            out.printf("Catalogue: %d items accepted, %d rejected%n", itemsResult.accepted(), itemsResult.rejected());
        }
        SendResult result;
        try (Progress bar = progress.bar("events", events, " events")) {
            result = sender.send("/v1/events", source, events, rate, bar::stepTo);
        }
        out.printf("Sent: %d accepted, %d rejected, %d retried batches in %.1f s = %.0f events/s through ingest%n",
                result.accepted(), result.rejected(), result.retries(), result.elapsed().toNanos() / 1e9, result.acceptedPerSecond());
        result.sampleReasons().forEach(r -> out.println("  rejected: " + r));
        if (replay != null) {
            out.println("Source rows that could not become events: " + source.rejectionSummary());
        }
        Map.Entry<String, Long> user = source.busiestUser();
        DemoReport report = new DemoReport(fleet.service("profile-updater").baseUrl(),
                fleet.service("profile-updater").actuatorUrl("health"), fleet.service("recommender-service").baseUrl());
        long expected = user.getValue();
        Optional<Duration> caughtUp = report.awaitProfile(user.getKey(), expected, Duration.ofSeconds(120));
        double endToEnd = (result.elapsed().toNanos() + caughtUp.orElse(Duration.ZERO).toNanos()) / 1e9;
        if (caughtUp.isPresent()) {
            out.printf("Profile and recommender caught up %.1f s after the last event was accepted (%.0f events/s end to end)%n",
                    caughtUp.get().toNanos() / 1e9, result.accepted() / endToEnd);
        } else {
            out.printf("WARNING: the profile of %s does not have its %d events after 120 s; see the dead-letter "
                    + "topic %s and the logs%n", user.getKey(), user.getValue(), io.profilestream.model.topic.Topics.DEAD_LETTERS.name());
        }
        if (!"none".equals(modelChoice)) {
            awaitModel(report, demoModel, user.getKey(), expected, sender, out);
        }
        report.print(user.getKey(), out);
        refitSegments(fleet, refit, report, user.getKey(), out);
        printWhereToLook(out, fleet, user.getKey(), report.pseudonym(user.getKey()));
        if (!exitWhenDone) {
            out.println("\nRunning. Press Ctrl-C to stop everything this command started.");
            new CountDownLatch(1).await();
        }
    }

    /**
     * The nightly segment re-fit of a deployment, once, on the traffic just sent; the services swap
     * the published version in. A refusal (e.g. the day's privacy budget already spent by earlier
     * runs on this data directory) is reported, not fatal: the previous version, if any, stays.
     */
    private void refitSegments(Fleet fleet, DemoRefit refit, DemoReport report, String userId, PrintStream out)
            throws InterruptedException {
        Path log = fleet.service("ingest-service").logFile().resolveSibling("refit-segments.log");
        out.printf("%nRe-fitting the user segments from the sealed profiles (log %s) ...%n", log);
        try {
            TrainerProcess trainer = refit.start(home.toAbsolutePath().normalize(), fleet.broker().bootstrapServers(), log,
                    fleet.children());
            Path published = trainer.awaitPublished(TRAINER_TIMEOUT);
            String version = published.getFileName().toString();
            out.printf("Segment model %s published in %.0f s to %s%n", version, trainer.elapsedSeconds(), published);
            Optional<JsonNode> segments = report.awaitSegments(userId, version, MODEL_LOAD_TIMEOUT);
            if (segments.isEmpty()) {
                out.printf("WARNING: the services do not serve segment model %s after %d s%n", version,
                        MODEL_LOAD_TIMEOUT.toSeconds());
                return;
            }
            report.printSegments(segments.get(), userId, out);
        } catch (java.io.IOException e) {
            out.println("WARNING: no new segment model: " + e.getMessage());
        }
    }

    /**
     * Waits (bounded) for the recommender to serve the demo model; when the user's last session
     * went by before the model was loaded (no neural state yet), they click three of their
     * recommendations in a new session, so the report shows the neural path.
     */
    private void awaitModel(DemoReport report, DemoModel demoModel, String userId, long expected, TrafficSender sender,
                            PrintStream out) throws Exception {
        String version = null;
        if (demoModel.trainer().isPresent()) {
            TrainerProcess trainer = demoModel.trainer().get();
            if (trainer.isAlive()) {
                out.printf("Waiting up to %d s for the model trainer (%.0f s so far; log %s) ...%n", TRAINER_TIMEOUT.toSeconds(),
                        trainer.elapsedSeconds(), trainer.logFile());
            }
            Path exported = trainer.awaitExported(TRAINER_TIMEOUT);
            version = exported.getFileName().toString();
            out.printf("Model %s trained in %.0f s%n", version, trainer.elapsedSeconds());
        }
        out.printf("Waiting up to %d s for the recommender to load %s from %s ...%n", MODEL_LOAD_TIMEOUT.toSeconds(),
                version == null ? "a model" : "model " + version, demoModel.modelsDir());
        Optional<JsonNode> servedVersion = report.awaitModel(userId, version, MODEL_LOAD_TIMEOUT);
        if (servedVersion.isEmpty()) {
            out.printf("WARNING: the recommender does not report %s after %d s; see %s%n", version == null ? "a model" : version,
                    MODEL_LOAD_TIMEOUT.toSeconds(), "the recommender-service log");
            return;
        }
        out.printf("Recommender serves model %s (path %s for %s)%n", servedVersion.get().path("modelVersion").asText(),
                servedVersion.get().path("path").asText(), userId);
        String served = version == null ? servedVersion.get().path("modelVersion").asText() : version;
        if (!report.awaitProfileUpdaterModel(served, MODEL_LOAD_TIMEOUT)) {
            out.printf("WARNING: the profile-updater does not report model %s after %d s%n", served, MODEL_LOAD_TIMEOUT.toSeconds());
        }
        if (!servedVersion.get().path("path").asText().startsWith("lstm")) {
            java.util.Set<String> known = new java.util.HashSet<>();
            Path vocabulary = demoModel.modelsDir().resolve(served).resolve("vocabulary.txt");
            if (java.nio.file.Files.isRegularFile(vocabulary)) {
                known.addAll(java.nio.file.Files.readAllLines(vocabulary));
            }
            List<RawEvent> clicks = report.clickRecommendations(userId, 3, "demo-showcase-" + Long.toString(System.currentTimeMillis(), 36), known);
            sender.send("/v1/events", clicks.iterator(), clicks.size(), 0, n -> { });
            out.printf("%s's events went by before the model was loaded; they now click %d of their recommendations "
                    + "in a new session: %s%n", userId, clicks.size(), clicks.stream().map(RawEvent::itemId).toList());
            if (report.awaitProfile(userId, expected + clicks.size(), Duration.ofSeconds(30)).isEmpty()) {
                out.println("WARNING: those clicks are not in the profile after 30 s");
            }
        }
    }

    private EventSource eventSource(GeneratorSettings settings) throws Exception {
        String runId = "demo-" + Long.toString(System.currentTimeMillis(), 36);
        if (replay == null) {
            if (preset != null || columns != null) {
                throw new ParameterException(spec.commandLine(), "--preset and --columns need --replay FILE");
            }
            return EventSource.synthetic(settings, runId);
        }
        String mapping = columns != null ? columns : preset == null ? null : ColumnMapping.PRESETS.get(preset);
        if (mapping == null) {
            throw new ParameterException(spec.commandLine(), "--replay needs --columns or a --preset of " + ColumnMapping.PRESETS.keySet());
        }
        char sep = delimiter(delimiter);
        return EventSource.replay(replay, sep, ColumnMapping.parse(mapping), runId);
    }

    /** tab, comma, semicolon, pipe or a single character (as the trainer's import reads them). */
    private char delimiter(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "tab", "\\t" -> '\t';
            case "comma" -> ',';
            case "semicolon" -> ';';
            case "pipe" -> '|';
            default -> {
                if (name.length() != 1) {
                    throw new ParameterException(spec.commandLine(),
                            "--delimiter must be tab, comma, semicolon, pipe or one character, got '" + name + "'");
                }
                yield name.charAt(0);
            }
        };
    }

    private static void printWhereToLook(PrintStream out, Fleet fleet, String userId, String pseudonym) {
        String rec = fleet.service("recommender-service").baseUrl();
        out.println("\nWhere to look:");
        out.printf("  dashboard:       %s/dashboard/?user=%s   (live; post events and watch it change)%n", rec,
                URLEncoder.encode(userId, StandardCharsets.UTF_8));
        // The local profile's public keys (LocalDevelopmentKeys); never the keys of a real deployment.
        String reader = "-H 'X-Api-Key: " + LocalDevelopmentKeys.READER + "'";
        String admin = "-H 'X-Api-Key: " + LocalDevelopmentKeys.ADMIN + "'";
        out.printf("  (the dashboard asks for an API key: %s)%n", LocalDevelopmentKeys.READER);
        out.printf("  recommendations: curl %s '%s/v1/recommendations/%s?k=10'%n", reader, rec,
                URLEncoder.encode(userId, StandardCharsets.UTF_8));
        out.printf("  profile:         curl %s '%s/v1/profiles/%s'%n", reader, fleet.service("profile-updater").baseUrl(),
                pseudonym);
        out.printf("  segments:        curl %s '%s/v1/segments'%n", reader, rec);
        out.printf("  demand:          curl %s '%s/v1/demand/categories/<category>?horizonHours=24'   (categories are "
                + "released hourly with differential privacy: empty until an hour has closed)%n", reader, rec);
        out.printf("  send an event:   curl -X POST %s/v1/events -H 'X-Api-Key: %s' -H 'Content-Type: application/json' -d "
                + "'{\"eventId\":\"my-1\",\"userId\":\"%s\",\"type\":\"view\",\"itemId\":\"p100000\"}'%n",
                fleet.service("ingest-service").baseUrl(), LocalDevelopmentKeys.PRODUCER, userId);
        String ingest = fleet.service("ingest-service").baseUrl();
        String user = URLEncoder.encode(userId, StandardCharsets.UTF_8);
        out.printf("  erase the user:  curl -X DELETE %s %s/v1/users/%s%n", admin, ingest, user);
        out.printf("  erasure status:  curl %s %s/v1/users/%s/erasure%n", admin, ingest, user);
        // Actuator endpoints are on each service's management port, not on the API port.
        ServiceProcess recommender = fleet.service("recommender-service");
        out.printf("  health:          curl %s%n", recommender.actuatorUrl("health/readiness"));
        out.printf("  metrics:         curl %s   (Grafana: grafana/profilestream-dashboard.json)%n",
                recommender.actuatorUrl("prometheus"));
        out.printf("  API docs:        %s/swagger-ui.html (also on ingest and profile-updater)%n", rec);
        out.printf("  logs:            %s%n", fleet.service("ingest-service").logFile().getParent());
        out.printf("  broker:          %s (log %s)%n", fleet.broker().bootstrapServers(), fleet.broker().logFile());
    }
}
