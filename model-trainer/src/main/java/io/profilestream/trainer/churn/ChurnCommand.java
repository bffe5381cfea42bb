package io.profilestream.trainer.churn;

import io.profilestream.ml.churn.ChurnArtifact;
import io.profilestream.ml.churn.ChurnFeatures;
import io.profilestream.ml.churn.Dl4jChurnTrainer;
import io.profilestream.ml.churn.LogisticChurnModel;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.profileupdater.profile.ProfileSettings;
import io.profilestream.trainer.data.EventSource;
import io.profilestream.trainer.data.ImportSettings;
import io.profilestream.trainer.data.Interaction;
import io.profilestream.trainer.data.InteractionImporter;
import io.profilestream.trainer.train.ModelTraining;
import io.profilestream.trainer.train.ModelsDirOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code churn}: trains the churn model on a time split and evaluates it against recency in the same run. */
@Command(name = "churn", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Trains and evaluates the churn-risk model (DL4J logistic regression) on a time split.",
        description = {"Replays each user's events through the profile-updater's own fold. Train: profiles as of "
                + "--train-cutoff T1, label = no event in (T1, T1+h]. Test: profiles as of --test-cutoff T2 >= T1+h, "
                + "label = no event in (T2, T2+h]. Only users with an event by the cutoff count.",
                "Prints base rates and ROC-AUC / PR-AUC (average precision; ties handled) of the model and of the "
                + "recency baseline (score = hours since the last event), measured in the same run.",
                "The scheduled re-fit reads the live clean-events topic (--from-topic: the CleanEvents profile-updater "
                + "folds, consent and erasures (topic profilestream.erasures.v1) honoured; the data end is now) and publishes "
                + "with --models-dir a new version of the "
                + "models directory the services poll."})
public final class ChurnCommand implements Callable<Integer> {

    /** The Taobao sample's first day, 2017-11-25 in China time (35 rows lie outside its 9 days). */
    static final String TAOBAO_FROM = "2017-11-25T00:00:00+08:00";
    /**
     * 2017-12-02 00:00 China time, two days before the sample's end: on Dec 2 and 3, 799 and 801 of
     * its 815 users are active (576-607 on every other day), the mark of users sampled for activity
     * on those days. A label window over them finds almost no churners (0 of 814 for 48 h), so the
     * default windows end before them.
     */
    static final String TAOBAO_TO = "2017-12-02T00:00:00+08:00";

    @Spec
    CommandSpec spec;

    /** Makes the --from-topic consumer; tests replace it with Kafka's MockConsumer. */
    Function<Map<String, Object>, Consumer<byte[], byte[]>> consumers = KafkaConsumer::new;

    /** How far back --from-topic reads without --since. */
    static final String DEFAULT_LOOKBACK = "14d";

    @ArgGroup(exclusive = true, multiplicity = "1")
    EventSource source;

    @Option(names = "--since", paramLabel = "INSTANT|DURATION",
            description = "Events before this are dropped: an ISO-8601 instant or a duration back from now (14d). Default: "
                    + "with -i " + TAOBAO_FROM + " (the Taobao sample's first day), with --from-topic " + DEFAULT_LOOKBACK
                    + " (also the record time the topic is read from).")
    String from;

    @Option(names = "--until", paramLabel = "INSTANT|DURATION",
            description = "Events at or after this are dropped; the data end. Default: with -i " + TAOBAO_TO + " (the "
                    + "Taobao sample's last two days are left out, nearly every sampled user is active on them), with "
                    + "--from-topic now.")
    String to;

    @Option(names = "--horizon", defaultValue = "48h", paramLabel = "DURATION",
            description = "Churned = no event within this after the cutoff (default: ${DEFAULT-VALUE}).")
    String horizon;

    @Option(names = "--test-cutoff", paramLabel = "INSTANT", description = "Default: --until minus the horizon.")
    String testCutoff;

    @Option(names = "--train-cutoff", paramLabel = "INSTANT", description = "Default: the test cutoff minus the horizon.")
    String trainCutoff;

    @Option(names = "--keep-last-user", description = "With -i: keep the user of the input's last line (dropped by "
            + "default: the Taobao sample cuts that user's history).")
    boolean keepLastUser;

    @Option(names = "--epochs", defaultValue = "500", paramLabel = "N", description = "Full-batch epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--learning-rate", defaultValue = "0.05", paramLabel = "LR", description = "Adam step (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--l2", defaultValue = "0.001", paramLabel = "L2", description = "L2 penalty (default: ${DEFAULT-VALUE}).")
    double l2;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Initialisation seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--model-version", paramLabel = "NAME", description = "Version label (default: <UTC time>-churn, "
            + "e.g. 20261130T031500Z-churn).")
    String modelVersion;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Write the model artifact (" + ChurnArtifact.FILE + ") here.")
    Path out;

    @Mixin
    ModelsDirOptions models;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        models.validate(spec);
        if (source.fromProfiles()) {
            // Labels need each user's events after a cutoff; a current profile has folded them away.
            throw usage("--from-profiles is for segments: churn needs an event history with a horizon after each cutoff "
                    + "(-i FILE, or --from-topic where the clean-events topic is not purged)");
        }
        Instant started = Instant.now();
        boolean topic = source.fromTopic();
        Instant fromAt = instant("--since", from != null ? from : topic ? DEFAULT_LOOKBACK : TAOBAO_FROM, started);
        Instant toAt = to != null ? instant("--until", to, started) : topic ? started : instant("--until", TAOBAO_TO, started);
        Duration h = duration(horizon);
        Instant t2 = testCutoff != null ? instant("--test-cutoff", testCutoff, started) : toAt.minus(h);
        Instant t1 = trainCutoff != null ? instant("--train-cutoff", trainCutoff, started) : t2.minus(h);
        if (t1.plus(h).isAfter(t2)) {
            throw usage("the train labels' window (T1, T1+h] must end by the test cutoff: " + t1 + " + " + h + " > " + t2);
        }
        if (t2.plus(h).isAfter(toAt) || !t1.isAfter(fromAt)) {
            throw usage("cutoffs must lie inside the data, with a full horizon after the test cutoff: from " + fromAt
                    + ", T1 " + t1 + ", T2 " + t2 + ", h " + h + ", to " + toAt);
        }
        // Up front: a version that cannot be published should not cost a topic read and a training first.
        String version = modelVersion != null ? modelVersion : ModelTraining.versionLabel(started, "churn");
        models.requirePublishable(version);
        var err = spec.commandLine().getErr();
        Map<String, Object> run = new LinkedHashMap<>();
        Map<String, List<CleanEvent>> byUser = topic ? fromTopic(fromAt, toAt, run, err) : fromFile(fromAt, toAt, run, err);

        ProfileSettings fold = ProfileSettings.defaults();
        ProfileReplay replay = new ProfileReplay(fold);
        ChurnDataset train = ChurnDataset.at(byUser, replay, t1, h);
        ChurnDataset test = ChurnDataset.at(byUser, replay, t2, h);

        for (ChurnDataset set : List.of(train, test)) {
            if (set.churned() == 0 || set.churned() == set.size()) {
                throw new IllegalArgumentException("the set at cutoff " + set.cutoff() + " has " + set.churned() + " churned of "
                        + set.size() + " users: both classes are needed; choose other cutoffs (--until, --test-cutoff, "
                        + "--train-cutoff) or --horizon");
            }
        }
        Dl4jChurnTrainer.Fit fit = Dl4jChurnTrainer.train(train.features(), train.labels(),
                new Dl4jChurnTrainer.Config(epochs, learningRate, l2, seed));
        Instant now = Instant.now();
        ChurnArtifact.Fold foldSettings = new ChurnArtifact.Fold(fold.sessionGap(), fold.affinityHalfLife(),
                fold.maxAffinityEntries());
        ChurnArtifact untested = new ChurnArtifact(ChurnArtifact.FORMAT_VERSION, version, now, h.toHours(),
                ChurnFeatures.NAMES, fit.mean(), fit.scale(), fit.weights(), fit.bias(), foldSettings, Map.of());
        // Scored through the serving class, so the table shows what the service will compute.
        LogisticChurnModel model = new LogisticChurnModel(untested);
        boolean[] labels = test.labels();
        double[] modelScores = test.examples().stream().mapToDouble(e -> model.probability(e.features())).toArray();
        double[] recency = test.examples().stream().mapToDouble(ChurnDataset.Example::hoursSinceLast).toArray();
        List<ChurnReport.Row> rows = List.of(
                new ChurnReport.Row("logistic regression (DL4J)", BinaryMetrics.rocAuc(modelScores, labels),
                        BinaryMetrics.averagePrecision(modelScores, labels)),
                new ChurnReport.Row("recency (hours since last)", BinaryMetrics.rocAuc(recency, labels),
                        BinaryMetrics.averagePrecision(recency, labels)));
        List<ChurnReport.SetRow> sets = List.of(setRow("train", train), setRow("test", test));

        run.put("window", Map.of("from", fromAt.toString(), "to", toAt.toString()));
        run.put("horizonHours", h.toHours());
        run.put("modelVersion", version);
        run.put("training", Map.of("epochs", epochs, "learningRate", learningRate, "l2", l2, "seed", seed));
        run.put("weights", weights(fit));
        ChurnReport report = new ChurnReport(run, sets, rows);

        if (out != null || models.enabled()) {
            Map<String, Object> facts = new LinkedHashMap<>(run);
            facts.remove("weights");
            facts.put("sets", sets);
            facts.put("results", rows);
            ChurnArtifact artifact = new ChurnArtifact(untested.formatVersion(), version, now, h.toHours(),
                    ChurnFeatures.NAMES, fit.mean(), fit.scale(), fit.weights(), fit.bias(), foldSettings, facts);
            if (out != null) {
                err.printf("model %s written to %s%n", version, artifact.write(out));
            }
            if (models.enabled()) {
                err.printf("model %s published as %s%n", version, models.publish(version, artifact::write, err));
            }
        }
        spec.commandLine().getOut().print(report.table());
        spec.commandLine().getOut().flush();
        if (json != null) {
            Files.writeString(json, report.json(), StandardCharsets.UTF_8);
        }
        return 0;
    }

    /** The file's events in [from, to), each user's in time order; fills the run's input facts. */
    private Map<String, List<CleanEvent>> fromFile(Instant fromAt, Instant toAt, Map<String, Object> run, PrintWriter err)
            throws IOException {
        Path input = source.file.input;
        ImportSettings settings = ImportSettings.PRESETS.get(source.file.preset.toLowerCase(Locale.ROOT));
        if (settings == null) {
            throw usage("unknown preset '" + source.file.preset + "'; known: "
                    + new java.util.TreeSet<>(ImportSettings.PRESETS.keySet()));
        }
        InteractionImporter.Result imported;
        try (BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            imported = InteractionImporter.read(reader, settings);
        }
        String dropped = keepLastUser ? null : LastLine.user(input, settings);
        List<Interaction> kept = imported.interactions().stream()
                .filter(i -> dropped == null || !dropped.equals(i.userId()))
                .filter(i -> i.timeMs() >= fromAt.toEpochMilli() && i.timeMs() < toAt.toEpochMilli())
                .toList();
        long outside = imported.interactions().stream()
                .filter(i -> i.timeMs() < fromAt.toEpochMilli() || i.timeMs() >= toAt.toEpochMilli()).count();
        err.printf("%s: %d rows, %d rejected, %d outside [%s, %s) dropped%s%n", input, imported.rows(),
                imported.rejections().size(), outside, fromAt, toAt,
                dropped == null ? "" : "; user " + dropped + " (the input's last line: history cut) excluded");
        run.put("input", input.toString());
        run.put("excludedUser", dropped);
        run.put("droppedOutsideWindow", outside);
        return ProfileReplay.eventsByUser(kept);
    }

    /**
     * The topic's events in [from, to) by event time, read from record time {@code from} on, each
     * user's in time order with consent and erasures honoured ({@link TopicEvents}); fills the run's input facts.
     */
    private Map<String, List<CleanEvent>> fromTopic(Instant fromAt, Instant toAt, Map<String, Object> run, PrintWriter err) {
        TopicEvents read = TopicEvents.read(source.topic, fromAt, consumers, err);
        ProfileReplay.History history = read.history();
        Map<String, List<CleanEvent>> byUser = new LinkedHashMap<>();
        long outside = 0;
        for (Map.Entry<String, List<CleanEvent>> user : history.events().entrySet()) {
            List<CleanEvent> inWindow = user.getValue().stream()
                    .filter(e -> !e.eventTime().isBefore(fromAt) && e.eventTime().isBefore(toAt)).toList();
            outside += user.getValue().size() - inWindow.size();
            if (!inWindow.isEmpty()) {
                byUser.put(user.getKey(), inWindow);
            }
        }
        err.printf("%d users; %d events not profiled for want of consent, %d events of %d erased users dropped, "
                + "%d outside [%s, %s) dropped%n", byUser.size(), history.withoutConsent(), history.erasedEvents(),
                history.erasedUsers(), outside, fromAt, toAt);
        run.put("input", read.input());
        run.put("eventsWithoutConsent", history.withoutConsent());
        run.put("droppedOutsideWindow", outside);
        return byUser;
    }

    private static ChurnReport.SetRow setRow(String name, ChurnDataset set) {
        if (set.size() == 0) {
            throw new IllegalArgumentException(name + ": no user has an event by the cutoff " + set.cutoff());
        }
        return new ChurnReport.SetRow(name, set.cutoff().toString(), set.size(), set.churned(), set.baseRate());
    }

    private static Map<String, Double> weights(Dl4jChurnTrainer.Fit fit) {
        Map<String, Double> w = new LinkedHashMap<>();
        w.put("bias", fit.bias());
        for (int i = 0; i < ChurnFeatures.NAMES.size(); i++) {
            w.put(ChurnFeatures.NAMES.get(i), fit.weights()[i]);
        }
        return w;
    }

    private Instant instant(String option, String value, Instant now) {
        try {
            return EventSource.instantOrAgo(option, value, now);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private Duration duration(String value) {
        try {
            Duration d = ImportSettings.parseDuration(value);
            if (d.isNegative() || d.isZero() || d.toMinutes() % 60 != 0) {
                throw new IllegalArgumentException("--horizon must be a positive whole number of hours, got '" + value + "'");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** The user of a file's last line, for samples cut off in the middle of the last user's history. */
    static final class LastLine {

        private LastLine() {
        }

        /** The last non-empty line's user column, or null when the preset names its user column by header name. */
        static String user(Path file, ImportSettings settings) throws IOException {
            String column = settings.mapping().column("user").orElse(null);
            if (column == null || !settings.mapping().byIndex()) {
                return null;
            }
            String last = null;
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (!line.isBlank()) {
                        last = line;
                    }
                }
            }
            if (last == null) {
                return null;
            }
            String[] fields = last.split(java.util.regex.Pattern.quote(String.valueOf(settings.delimiter())), -1);
            int index = Integer.parseInt(column);
            return index < fields.length ? fields[index].trim() : null;
        }
    }
}
