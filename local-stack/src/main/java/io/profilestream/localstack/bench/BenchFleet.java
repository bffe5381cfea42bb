package io.profilestream.localstack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.generator.ClickstreamGenerator;
import io.profilestream.generator.GeneratedItem;
import io.profilestream.generator.GeneratorSettings;
import io.profilestream.generator.SyntheticCatalogue;
import io.profilestream.localstack.ChildProcesses;
import io.profilestream.cli.Progress;
import io.profilestream.localstack.fleet.Fleet;
import io.profilestream.localstack.fleet.ServiceSpec;
import io.profilestream.localstack.model.DemoHistory;
import io.profilestream.localstack.model.DemoModel;
import io.profilestream.localstack.model.TrainerProcess;
import io.profilestream.localstack.traffic.SendResult;
import io.profilestream.localstack.traffic.TrafficSender;
import io.profilestream.model.config.PrivacyProperties;
import io.profilestream.model.event.EventType;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.security.LocalDevelopmentKeys;
import io.profilestream.model.serde.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The benchmark's world: a fresh fleet on its own ports, a model over a synthetic catalogue
 * (trained while the fleet starts, or given), the catalogue posted, and profiles built by
 * generated traffic after the model was loaded, so their users have neural states.
 */
final class BenchFleet implements AutoCloseable {

    static final int PARTITIONS = 4;
    private static final Pseudonymizer PSEUDONYMS = Pseudonymizer.fromProperties(new PrivacyProperties("", "k1"), true);

    private final Fleet fleet;
    private final Path dataDir;
    private final ChildProcesses trainerChildren;
    private final HttpClient http;
    private final GeneratorSettings settings;
    private final Map<String, List<String>> serviceArgs;
    private final Map<String, GeneratedItem> catalogue = new LinkedHashMap<>();
    private Path modelDir;
    private List<String> neuralUsers = List.of();

    private BenchFleet(Fleet fleet, Path dataDir, ChildProcesses trainerChildren, HttpClient http, GeneratorSettings settings,
                       Map<String, List<String>> serviceArgs) {
        this.fleet = fleet;
        this.serviceArgs = Map.copyOf(serviceArgs);
        this.dataDir = dataDir;
        this.trainerChildren = trainerChildren;
        this.http = http;
        this.settings = settings;
        new SyntheticCatalogue(settings).all().forEach(i -> catalogue.put(i.itemId(), i));
    }

    static BenchFleet start(Path home, Path dataDir, int portOffset, BenchCommand.BenchSettings s, Path givenModels,
                            HttpClient http, PrintStream out) throws Exception {
        GeneratorSettings settings = GeneratorSettings.defaults(s.seed(), s.users(), s.items())
                .withStart(Instant.now().minusSeconds(Math.max(3600, 2L * s.profileEvents())));
        ChildProcesses trainerChildren = new ChildProcesses().installShutdownHook();
        Path models = givenModels != null ? givenModels.toAbsolutePath().normalize() : Files.createDirectories(dataDir.resolve("models"));
        TrainerProcess trainer = null;
        long t0 = System.nanoTime();
        if (givenModels == null) {
            Path history = dataDir.resolve("model-history").resolve("interactions.tsv");
            DemoHistory.Summary h = DemoHistory.write(history, settings, s.seed() + 1_000_003, s.historyEvents(), true, settings.start());
            trainer = TrainerProcess.start(home, history, models, List.of("--hidden-size", Integer.toString(s.hiddenSize()),
                    "--embedding-size", "64", "--epochs", Integer.toString(s.epochs()), "--negatives", "512",
                    "--ranker-epochs", "3", "--ranker-max-positions", "2000", "--candidates", "100", "--patience", "0"),
                    dataDir.resolve("logs").resolve("model-trainer.log"), trainerChildren);
            out.printf("Training (hidden %d) on %d interactions, %d sessions, %d items while the fleet starts; log %s%n",
                    s.hiddenSize(), h.interactions(), h.sessions(), h.items(), trainer.logFile());
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        Fleet.defaultPorts().forEach((name, port) -> ports.put(name, port + portOffset));
        Map<String, List<String>> extraArgs = serviceArgs(models, s.commitInterval());
        Fleet fleet;
        try {
            fleet = Fleet.start(home, dataDir, ports, PARTITIONS, extraArgs, out);
        } catch (Exception e) {
            trainerChildren.close();
            throw e;
        }
        BenchFleet bench = new BenchFleet(fleet, dataDir, trainerChildren, http, settings, extraArgs);
        try {
            bench.prepare(trainer, models, s, out);
            out.printf(Locale.ROOT, "Set-up done in %.0f s%n", (System.nanoTime() - t0) / 1e9);
            return bench;
        } catch (Exception e) {
            bench.close();
            throw e;
        }
    }

    /**
     * The Spring arguments the benchmark adds per module on top of the local stack's: the models
     * directory for the model services, the commit interval for the Streams services when given.
     */
    static Map<String, List<String>> serviceArgs(Path models, Duration commitInterval) {
        List<String> modelArgs = List.of("--profilestream.model.dir=" + models.toAbsolutePath(), "--profilestream.model.poll-interval=1s");
        Map<String, List<String>> extraArgs = new LinkedHashMap<>();
        for (ServiceSpec spec : ServiceSpec.FLEET) {
            List<String> args = new ArrayList<>();
            if (DemoModel.MODEL_SERVICES.contains(spec.module())) {
                args.addAll(modelArgs);
            }
            if (spec.streams() && commitInterval != null) {
                args.add("--profilestream.streams.commit-interval=" + commitInterval.toMillis() + "ms");
            }
            extraArgs.put(spec.module(), List.copyOf(args));
        }
        return extraArgs;
    }

    private void prepare(TrainerProcess trainer, Path models, BenchCommand.BenchSettings s, PrintStream out) throws Exception {
        TrafficSender sender = new TrafficSender(ingestUrl(), 500, 2);
        var updates = new SyntheticCatalogue(settings).asItemUpdates(settings.currency(), Instant.now());
        SendResult items = sender.send("/v1/items", updates.iterator(), updates.size(), 0, n -> { });
        out.printf("Catalogue: %d items accepted, %d rejected%n", items.accepted(), items.rejected());
        if (trainer != null) {
            modelDir = trainer.awaitExported(Duration.ofMinutes(30));
            out.printf(Locale.ROOT, "Model %s trained in %.0f s%n", modelDir.getFileName(), trainer.elapsedSeconds());
        } else {
            modelDir = newestVersion(models);
        }
        String version = modelDir.getFileName().toString();
        List<String> vocabulary = Files.readAllLines(modelDir.resolve("vocabulary.txt"));
        out.printf("Model %s: %d items in its vocabulary, catalogue %d%n", version, vocabulary.size(), catalogue.size());
        awaitNeural("bench-canary", vocabulary.get(0), version, Duration.ofSeconds(180));
        out.println("Both services serve " + version);

        List<RawEvent> events = new ClickstreamGenerator(settings, "bench-profiles-" + Long.toString(System.nanoTime(), 36))
                .take(s.profileEvents());
        SendResult sent;
        try (Progress bar = Progress.of(s.progress(), "profile events", events.size(), " events")) {
            sent = new TrafficSender(ingestUrl(), 250, 2).send("/v1/events", events.iterator(), events.size(), 0, bar::stepTo);
        }
        out.printf(Locale.ROOT, "Profiles: %d events accepted (%d rejected) in %.1f s%n", sent.accepted(), sent.rejected(),
                sent.elapsed().toNanos() / 1e9);
        try (ConsumerLag lag = new ConsumerLag(fleet.broker().bootstrapServers())) {
            if (!lag.awaitCaughtUp(PARTITIONS, 600_000)) {
                throw new IOException("the fleet did not catch up with the profile traffic in 10 min: lag " + lag.lag());
            }
        }
        Set<String> users = new LinkedHashSet<>();
        events.stream().filter(e -> e.itemId() != null).forEach(e -> users.add(e.userId()));
        List<String> neural = new ArrayList<>();
        for (String user : users) {
            JsonNode r = get(recommenderUrl() + "/v1/recommendations/" + enc(user) + "?k=1");
            if (r != null && r.path("path").asText("").startsWith("lstm")) {
                neural.add(user);
            }
        }
        if (neural.isEmpty()) {
            throw new IOException("no user is served by the neural path; see " + fleet.service("recommender-service").logFile());
        }
        neuralUsers = List.copyOf(neural);
        out.printf("%d of %d users with item events are served by the neural path%n", neural.size(), users.size());
    }

    /**
     * Waits until every one of {@code users} is served by the neural path of the model the set-up
     * loaded: after a restart of the recommender, UP means its Streams stores are restored, but
     * the model loads on its own schedule and a user only counts once their answer shows both.
     */
    void awaitServedByNeuralPath(List<String> users, Duration timeout) throws Exception {
        String version = modelDir.getFileName().toString();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> pending = new ArrayList<>(users);
        while (true) {
            List<String> still = new ArrayList<>();
            for (String user : pending) {
                JsonNode r = get(recommenderUrl() + "/v1/recommendations/" + enc(user) + "?k=1");
                if (r == null || !r.path("path").asText("").startsWith("lstm") || !version.equals(r.path("modelVersion").asText())) {
                    still.add(user);
                }
            }
            pending = still;
            if (pending.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(pending.size() + " of " + users.size() + " users (e.g. " + pending.get(0)
                        + ") are not served by the neural path of model " + version + " after " + timeout.toSeconds()
                        + " s; see " + fleet.service("recommender-service").logFile());
            }
            Thread.sleep(1000);
        }
    }

    /** Sends views of a known item for {@code user} until both services show {@code version} for them. */
    private void awaitNeural(String user, String item, String version, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        TrafficSender one = new TrafficSender(ingestUrl(), 1, 1);
        for (int n = 0; System.nanoTime() < deadline; n++) {
            RawEvent view = new RawEvent(RawEvent.CURRENT_SCHEMA_VERSION, "bench-canary-" + System.nanoTime(), user,
                    "bench-canary-session", EventType.VIEW, item, null, null, null, null, null, null, null, null, Instant.now(),
                    null, null);
            one.send("/v1/events", List.of(view).iterator(), 1, 0, x -> { });
            Thread.sleep(1000);
            JsonNode profile = get(fleet.service("profile-updater").baseUrl() + "/v1/profiles/" + PSEUDONYMS.user(user));
            JsonNode recs = get(recommenderUrl() + "/v1/recommendations/" + enc(user) + "?k=1");
            if (profile != null && version.equals(profile.path("neural").path("modelVersion").asText())
                    && recs != null && version.equals(recs.path("modelVersion").asText())) {
                return;
            }
        }
        throw new IOException("the services do not serve model " + version + " after " + timeout.toSeconds() + " s; see "
                + fleet.service("profile-updater").logFile() + " and " + fleet.service("recommender-service").logFile());
    }

    /** The version directory a models dir serves: named in CURRENT, else the greatest name. */
    static Path newestVersion(Path models) throws IOException {
        Path current = models.resolve("CURRENT");
        if (Files.isRegularFile(current)) {
            return models.resolve(Files.readString(current).trim());
        }
        try (Stream<Path> dirs = Files.list(models)) {
            return dirs.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .max(java.util.Comparator.comparing(p -> p.getFileName().toString()))
                    .orElseThrow(() -> new IOException(models + " holds no model version"));
        }
    }

    JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                        .header(LocalDevelopmentKeys.HEADER, LocalDevelopmentKeys.READER).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return r.statusCode() == 200 ? Json.mapper().readTree(r.body()) : null;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The arguments {@code module} was started with on top of the local stack's (see {@link #serviceArgs}). */
    List<String> serviceArgs(String module) {
        return serviceArgs.getOrDefault(module, List.of());
    }

    Fleet fleet() {
        return fleet;
    }

    /** The benchmark's data directory. */
    Path dataDir() {
        return dataDir;
    }

    GeneratorSettings settings() {
        return settings;
    }

    Path modelDir() {
        return modelDir;
    }

    Map<String, GeneratedItem> catalogueById() {
        return catalogue;
    }

    List<String> neuralUsers() {
        return neuralUsers;
    }

    String ingestUrl() {
        return fleet.service("ingest-service").baseUrl();
    }

    String recommenderUrl() {
        return fleet.service("recommender-service").baseUrl();
    }

    /** The recommender's Prometheus endpoint, on its management port. */
    String recommenderPrometheusUrl() {
        return fleet.service("recommender-service").actuatorUrl("prometheus");
    }

    /** The Prometheus endpoints of the three Streams services, in pipeline order. */
    List<String> streamsPrometheusUrls() {
        return List.of("privacy-filter", "profile-updater", "recommender-service").stream()
                .map(m -> fleet.service(m).actuatorUrl("prometheus")).toList();
    }

    @Override
    public void close() {
        fleet.close();
        trainerChildren.close();
    }
}
