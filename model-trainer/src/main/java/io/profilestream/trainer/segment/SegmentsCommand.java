package io.profilestream.trainer.segment;

import io.profilestream.ml.churn.ChurnArtifact;
import io.profilestream.ml.churn.ChurnModel;
import io.profilestream.ml.segment.SegmentArtifact;
import io.profilestream.ml.segment.SegmentFeatures;
import io.profilestream.model.dp.DifferentialPrivacyProperties;
import io.profilestream.model.dp.DpReleaser;
import io.profilestream.model.dp.PrivacyBudgetLedger;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.profileupdater.profile.ProfileSettings;
import io.profilestream.trainer.churn.ProfileReplay;
import io.profilestream.trainer.data.ImportSettings;
import io.profilestream.trainer.data.Interaction;
import io.profilestream.trainer.data.InteractionImporter;
import java.io.BufferedReader;
import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
                + "list, the centroids and the quality figures are exact (not differentially private) and stay internal."})
public final class SegmentsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE",
            description = "Source clickstream, e.g. ../shared/data/rees46_2019oct_head/2019-Oct_head.csv.")
    Path input;

    @Option(names = "--preset", defaultValue = "taobao", paramLabel = "NAME",
            description = "Import preset of the input (taobao, rees46, ...; default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--as-of", paramLabel = "INSTANT",
            description = "Profiles as of this instant (events after it are ignored). Default: the last event's time.")
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

    @Option(names = "--churn-model", paramLabel = "FILE",
            description = "Churn model (churn --out DIR) for the churn level of each segment; without it: unknown.")
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

    @Option(names = "--model-version", paramLabel = "NAME", description = "Version label (default: segments-<UTC time>).")
    String modelVersion;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Write the model artifact (" + SegmentArtifact.FILE + ") here.")
    Path out;

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
        ImportSettings importSettings = ImportSettings.PRESETS.get(preset.toLowerCase(Locale.ROOT));
        if (importSettings == null) {
            throw usage("unknown preset '" + preset + "'; known: " + new java.util.TreeSet<>(ImportSettings.PRESETS.keySet()));
        }
        ChurnModel churn = churnModel == null ? null : ChurnModel.load(churnModel);
        var err = spec.commandLine().getErr();
        InteractionImporter.Result imported;
        try (BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            imported = InteractionImporter.read(reader, importSettings);
        }
        List<Interaction> interactions = imported.interactions();
        Instant at = asOf != null ? instant(asOf) : interactions.stream().map(i -> Instant.ofEpochMilli(i.timeMs()))
                .max(Instant::compareTo).orElseThrow(() -> new IllegalArgumentException(input + ": no interactions"));

        ProfileSettings fold = ProfileSettings.defaults();
        ProfileReplay replay = new ProfileReplay(fold);
        List<UserProfile> profiles = new ArrayList<>();
        for (List<CleanEvent> events : ProfileReplay.eventsByUser(interactions).values()) {
            UserProfile p = replay.profileAsOf(events, at);
            if (p != null) {
                profiles.add(p);
            }
        }
        err.printf("%s: %d rows, %d rejected; %d users with an event by %s%n", input, imported.rows(),
                imported.rejections().size(), profiles.size(), at);
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
        String version = modelVersion != null ? modelVersion
                : "segments-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(now);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("input", input.toString());
        run.put("preset", preset);
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

        if (out != null) {
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
            err.printf("model %s written to %s%n", version, artifact.write(out));
        }
        spec.commandLine().getOut().print(report.table());
        spec.commandLine().getOut().flush();
        if (json != null) {
            Files.writeString(json, report.json(), StandardCharsets.UTF_8);
        }
        return 0;
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
