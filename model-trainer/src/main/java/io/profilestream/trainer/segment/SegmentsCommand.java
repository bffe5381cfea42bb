package io.profilestream.trainer.segment;

import io.profilestream.ml.churn.ChurnArtifact;
import io.profilestream.ml.churn.ChurnModel;
import io.profilestream.ml.segment.SegmentArtifact;
import io.profilestream.ml.segment.SegmentFeatures;
import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.dp.DifferentialPrivacyProperties;
import io.profilestream.model.dp.DpReleaser;
import io.profilestream.model.dp.PrivacyBudgetLedger;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.topic.Topics;
import io.profilestream.profileupdater.profile.ProfileSettings;
import io.profilestream.trainer.churn.ChurnModels;
import io.profilestream.trainer.churn.ProfileReplay;
import io.profilestream.trainer.churn.TopicEvents;
import io.profilestream.trainer.data.EventSource;
import io.profilestream.trainer.data.ImportSettings;
import io.profilestream.trainer.data.Interaction;
import io.profilestream.trainer.data.InteractionImporter;
import io.profilestream.trainer.data.ProfileSnapshot;
import io.profilestream.trainer.data.TopicHistory;
import io.profilestream.trainer.train.ModelTraining;
import io.profilestream.trainer.train.ModelsDirOptions;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
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

/**
 * {@code segments}: fits user segments (k-means++ on profile features) for a range of k, reports
 * their quality against baselines in the same run, and releases the chosen model's segment sizes
 * and descriptions with differential privacy ({@link SegmentRelease}). Run on a schedule, it is the
 * periodic re-fit.
 */
@Command(name = "segments", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Fits user segments (k-means++) and releases their sizes and descriptions with differential privacy.",
        description = {"Replays each user's events through the profile-updater's own fold and clusters the profiles as "
                + "of --as-of on SegmentFeatures (category shares, price, activity, recency). For each k it prints the "
                + "silhouette and Davies-Bouldin index of k-means, of a random assignment and of k-means on recency alone, "
                + "all measured on the same users in the model's feature space.",
                "Sizes and descriptions are released through the privacy budget ledger (one charge of --epsilon per "
                + "histogram: 4 releases, 5 with --churn-model); a release over the budget stops the run. The category "
                + "list, the centroids and the quality figures are exact (not differentially private) and stay internal.",
                "The scheduled re-fit clusters the current profiles (--from-profiles: the compacted profiles topic, opened "
                + "with the services' master key; erased users have no data key and are left out) and publishes with "
                + "--models-dir a new version of the models directory the services poll; keep --ledger on persistent "
                + "storage, or every run starts with a full budget. --from-topic replays the clean-events topic instead "
                + "(consent and erasures honoured), which holds events only where the privacy filter's purger is off."})
public final class SegmentsCommand implements Callable<Integer> {

    /** How far back --from-topic reads without --since. */
    static final String DEFAULT_LOOKBACK = "14d";

    @Spec
    CommandSpec spec;

    /** Makes the --from-topic and --from-profiles consumers; tests replace it with Kafka's MockConsumer. */
    Function<Map<String, Object>, Consumer<byte[], byte[]>> consumers = KafkaConsumer::new;

    /** Reads the --from-profiles master key variables; tests replace it. */
    Function<String, String> environment = System::getenv;

    @ArgGroup(exclusive = true, multiplicity = "1")
    EventSource source;

    @Option(names = "--since", paramLabel = "INSTANT|DURATION",
            description = "Events before this are not used: an ISO-8601 instant, or a duration back from now (14d). "
                    + "Default: with --from-topic " + DEFAULT_LOOKBACK + " (record time), with -i all of the file.")
    String since;

    @Option(names = "--as-of", paramLabel = "INSTANT",
            description = "Profiles as of this instant (events after it are ignored). Default: the last event's time; "
                    + "with --from-profiles now (there it only sets the recency reference).")
    String asOf;

    @Option(names = "--k-min", defaultValue = "2", paramLabel = "K", description = "Smallest k tried (default: ${DEFAULT-VALUE}).")
    int kMin;

    @Option(names = "--k-max", defaultValue = "8", paramLabel = "K", description = "Largest k tried (default: ${DEFAULT-VALUE}).")
    int kMax;

    @Option(names = "--k", paramLabel = "K", description = "The model's k (must be in the range); default: the best silhouette.")
    Integer k;

    @Option(names = "--min-segment-share", defaultValue = "0.02", paramLabel = "SHARE",
            description = "Without --k: only k whose smallest segment holds this share of the users compete "
                    + "(default: ${DEFAULT-VALUE}).")
    double minSegmentShare;

    @Option(names = "--categories", defaultValue = "20", paramLabel = "N",
            description = "Categories in the feature space: the N most common top categories (default: ${DEFAULT-VALUE}).")
    int categories;

    @Option(names = "--category-weight", defaultValue = "2.0", paramLabel = "W",
            description = "Weight of each category share next to the standardised features (default: ${DEFAULT-VALUE}).")
    double categoryWeight;

    @Option(names = "--max-iterations", defaultValue = "100", paramLabel = "N", description = "Lloyd iterations (default: ${DEFAULT-VALUE}).")
    int maxIterations;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "k-means++ seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--price-bands", defaultValue = "20,100", split = ",", paramLabel = "LOW,HIGH",
            description = "Typical-price edges of the low / medium / high bands, public constants (default: ${DEFAULT-VALUE}).")
    double[] priceBands;

    @Option(names = "--activity-bands", defaultValue = "10,100", split = ",", paramLabel = "REGULAR,HEAVY",
            description = "Event-count edges of the light / regular / heavy levels (default: ${DEFAULT-VALUE}).")
    long[] activityBands;

    @Option(names = "--churn-model", paramLabel = "PATH",
            description = "Churn model for the churn level of each segment: an artifact (churn --out DIR) or a models "
                    + "directory (churn --models-dir DIR; its CURRENT version, else the newest). Without it: unknown.")
    Path churnModel;

    @Option(names = "--ledger", paramLabel = "FILE",
            description = "Privacy budget ledger file (survives runs). Without it the ledger is in memory for this run only.")
    Path ledger;

    @Option(names = "--epsilon", defaultValue = "0.1", paramLabel = "EPS",
            description = "Epsilon of EACH release (default: ${DEFAULT-VALUE}, profilestream.dp.default-epsilon's default).")
    double epsilon;

    @Option(names = "--budget", defaultValue = "1.0", paramLabel = "EPS",
            description = "Epsilon budget per period (default: ${DEFAULT-VALUE}, profilestream.dp.budget-epsilon's default).")
    double budget;

    @Option(names = "--period", defaultValue = "1d", paramLabel = "DURATION",
            description = "Budget period, aligned to the Unix epoch (default: ${DEFAULT-VALUE}).")
    String period;

    @Option(names = "--model-version", paramLabel = "NAME", description = "Version label (default: <UTC time>-segments, "
            + "e.g. 20261130T031500Z-segments).")
    String modelVersion;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Write the model artifact (" + SegmentArtifact.FILE + ") here.")
    Path out;

    @Mixin
    ModelsDirOptions models;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (kMin < 1 || kMax < kMin || (k != null && (k < kMin || k > kMax))) {
            throw usage("need 1 <= --k-min <= --k-max and --k within them, got " + kMin + ".." + kMax + ", k " + k);
        }
        if (!(minSegmentShare >= 0 && minSegmentShare < 1)) {
            throw usage("--min-segment-share must be in [0, 1), got " + minSegmentShare);
        }
        if (priceBands.length != 2 || !(priceBands[0] < priceBands[1]) || activityBands.length != 2
                || activityBands[0] >= activityBands[1]) {
            throw usage("--price-bands and --activity-bands take two increasing edges, e.g. 20,100");
        }
        DifferentialPrivacyProperties dp;
        SegmentTraining.Settings settings;
        try {
            dp = new DifferentialPrivacyProperties(budget, ImportSettings.parseDuration(period),
                    ledger == null ? "" : ledger.toString(), epsilon);
            settings = new SegmentTraining.Settings(categories, categoryWeight, maxIterations, seed);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        models.validate(spec);
        Instant started = Instant.now();
        Instant sinceAt;
        ImportSettings importSettings = null;
        try {
            sinceAt = since == null ? (source.fromTopic() ? EventSource.instantOrAgo("--since", DEFAULT_LOOKBACK, started) : null)
                    : EventSource.instantOrAgo("--since", since, started);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (source.file != null) {
            importSettings = ImportSettings.PRESETS.get(source.file.preset.toLowerCase(Locale.ROOT));
            if (importSettings == null) {
                throw usage("unknown preset '" + source.file.preset + "'; known: "
                        + new java.util.TreeSet<>(ImportSettings.PRESETS.keySet()));
            }
        }
        // Up front, before the ledger is charged: a release whose model cannot be published spent
        // budget for nothing. (Fewer users than --k-max is refused before the releases too.)
        String version = modelVersion != null ? modelVersion : ModelTraining.versionLabel(started, "segments");
        models.requirePublishable(version);
        var err = spec.commandLine().getErr();
        Path churnDir = churnModel == null ? null : ChurnModels.resolveIfPublished(churnModel).orElse(null);
        if (churnModel != null && churnDir == null) {
            err.printf("no churn model published in %s yet: segments get churn level unknown%n", churnModel);
        }
        ChurnModel churn = churnDir == null ? null : ChurnModel.load(churnDir);
        Map<String, Object> sourceFacts = new LinkedHashMap<>();
        Map<String, List<CleanEvent>> byUser;
        List<UserProfile> current = null; // --from-profiles: the profiles as the services hold them
        if (source.fromProfiles()) {
            current = currentProfiles(sourceFacts, err);
            byUser = Map.of();
        } else if (source.fromTopic()) {
            TopicEvents read = TopicEvents.read(source.topic, sinceAt, consumers, err);
            ProfileReplay.History history = read.history();
            byUser = history.events();
            sourceFacts.put("input", read.input());
            sourceFacts.put("eventsWithoutConsent", history.withoutConsent());
            err.printf("%d users; %d events not profiled for want of consent; %d events of %d erased users dropped%n",
                    byUser.size(), history.withoutConsent(), history.erasedEvents(), history.erasedUsers());
        } else {
            InteractionImporter.Result imported;
            try (BufferedReader reader = Files.newBufferedReader(source.file.input, StandardCharsets.UTF_8)) {
                imported = InteractionImporter.read(reader, importSettings);
            }
            List<Interaction> interactions = sinceAt == null ? imported.interactions() : imported.interactions().stream()
                    .filter(i -> i.timeMs() >= sinceAt.toEpochMilli()).toList();
            byUser = ProfileReplay.eventsByUser(interactions);
            sourceFacts.put("input", source.file.input.toString());
            sourceFacts.put("preset", source.file.preset);
            err.printf("%s: %d rows, %d rejected%s%n", source.file.input, imported.rows(), imported.rejections().size(),
                    sinceAt == null ? "" : ", " + (imported.interactions().size() - interactions.size()) + " before " + sinceAt
                            + " dropped");
        }
        Instant at = asOf != null ? instant(asOf) : current != null ? started : byUser.values().stream().flatMap(List::stream)
                .map(CleanEvent::eventTime).max(Instant::compareTo)
                .orElseThrow(() -> new IllegalArgumentException((source.fromTopic() ? "topic " + source.topic.name
                        : source.file.input.toString()) + ": no events" + (sinceAt == null ? "" : " since " + sinceAt)));

        ProfileSettings fold = ProfileSettings.defaults();
        ProfileReplay replay = new ProfileReplay(fold);
        List<UserProfile> profiles = current != null ? new ArrayList<>(current) : new ArrayList<>();
        for (List<CleanEvent> events : byUser.values()) {
            UserProfile p = replay.profileAsOf(events, at);
            if (p != null) {
                profiles.add(p);
            }
        }
        err.printf("%d users with an event by %s%n", profiles.size(), at);
        if (profiles.size() < kMax) {
            throw new IllegalArgumentException("only " + profiles.size() + " users: fewer than --k-max " + kMax);
        }

        SegmentTraining.Space space = SegmentTraining.space(profiles, at, settings);
        List<SegmentTraining.Candidate> candidates = SegmentTraining.candidates(space, kMin, kMax, settings);
        SegmentTraining.Candidate chosen = k == null ? SegmentTraining.best(candidates,
                (int) Math.ceil(minSegmentShare * profiles.size())) : candidates.get(k - kMin);
        int chosenK = chosen.row().k();

        List<SegmentRelease.Member> members = new ArrayList<>();
        for (int i = 0; i < profiles.size(); i++) {
            UserProfile p = profiles.get(i);
            members.add(new SegmentRelease.Member(chosen.fit().assignment()[i],
                    SegmentFeatures.topCategory(p, space.categories()),
                    SegmentRelease.priceLevel(p.priceBand().count() > 0, p.priceBand().typical(), priceBands[0], priceBands[1]),
                    SegmentRelease.activityLevel(p.eventCount(), activityBands[0], activityBands[1]),
                    churn == null ? -1 : SegmentRelease.churnLevel(churn.probability(p, at))));
        }
        SegmentRelease.Result released;
        PrivacyBudgetLedger budgetLedger = PrivacyBudgetLedger.open(dp, Clock.systemUTC());
        try {
            released = SegmentRelease.release(DpReleaser.withSecureRandom(budgetLedger), chosenK, space.categories(),
                    members, churn != null, epsilon);
            err.printf("privacy budget: epsilon %s of %s spent in the period ending %s%n", budgetLedger.spent(),
                    budgetLedger.budget(), budgetLedger.periodEndsAt());
        } finally {
            if (budgetLedger instanceof Closeable c) {
                c.close();
            }
        }

        Instant now = Instant.now();
        Map<String, Object> run = new LinkedHashMap<>(sourceFacts);
        run.put("asOf", at.toString());
        run.put("users", profiles.size());
        run.put("categories", space.categories().size());
        run.put("categoryWeight", categoryWeight);
        run.put("seed", seed);
        run.put("kChosenBy", k != null ? "--k" : "best silhouette with the smallest segment >= " + minSegmentShare
                + " of the users");
        run.put("modelVersion", version);
        run.put("churnModel", churn == null ? null : churn.version());
        SegmentReport report = new SegmentReport(run, candidates.stream().map(SegmentTraining.Candidate::row).toList(),
                chosenK, released.segments(), released.notes());

        if (out != null || models.enabled()) {
            Map<String, Object> privacy = new LinkedHashMap<>();
            privacy.put("releases", released.notes());
            privacy.put("covered", "segments[].size and every description field are post-processing of the releases "
                    + "listed, each an epsilon-DP histogram with L1 sensitivity 1 (each user in one cell)");
            privacy.put("notCovered", "categories, mean, scale, weight, centroids and training are exact functions of the "
                    + "training users: internal only, never to be shown");
            Map<String, Object> training = new LinkedHashMap<>(run);
            training.put("quality", report.quality());
            SegmentArtifact artifact = new SegmentArtifact(SegmentArtifact.FORMAT_VERSION, version, now,
                    space.categories(), SegmentFeatures.names(space.categories()), chosen.fit().mean(),
                    chosen.fit().scale(), chosen.fit().weight(), chosen.fit().centroids(), released.segments(),
                    new ChurnArtifact.Fold(fold.sessionGap(), fold.affinityHalfLife(), fold.maxAffinityEntries()),
                    privacy, training);
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

    /** The opened current profiles with at least one event; erased users have no key and are only counted. */
    private List<UserProfile> currentProfiles(Map<String, Object> sourceFacts, PrintWriter err) {
        if (since != null || spec.commandLine().getParseResult().hasMatchedOption("--topic")) {
            throw usage("--from-profiles reads the current profiles (" + Topics.PROFILES.name() + ", "
                    + Topics.USER_KEYS.name() + "): --since and --topic go with --from-topic");
        }
        UserDataCipher cipher;
        try {
            cipher = ProfileSnapshot.cipher(environment, source.topic.read.profiles.localDevelopmentKey);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw usage(e.getMessage());
        }
        ProfileSnapshot.Result read = ProfileSnapshot.read(source.topic, cipher, consumers, err);
        sourceFacts.put("input", read.facts(cipher.masterKeyId()));
        return read.profiles();
    }

    private Instant instant(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (RuntimeException e) {
            throw usage("--as-of must be an ISO-8601 instant with offset like 2017-12-02T00:00:00+08:00, got '" + value + "'");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
