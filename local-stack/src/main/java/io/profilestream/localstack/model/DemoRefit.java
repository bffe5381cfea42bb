package io.profilestream.localstack.model;

import io.profilestream.localstack.ChildProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The nightly segment re-fit of a deployment ({@code k8s/model-refit-cronjob.yaml}), run once by the
 * local stack after its traffic: {@code profilestream-trainer segments --from-profiles} reads the
 * sealed profiles from the compacted profiles topic and opens them with the (local, public) master
 * key, fits, releases the sizes and descriptions with differential privacy against a ledger kept in
 * the data directory, and publishes a version into the models directory that profile-updater and
 * recommender-service follow; they swap it in without a restart.
 *
 * <p>No churn model: the demo's traffic spans a few hours, and a churn label needs a horizon of
 * history after each cutoff (48 h by default), so segments show churn level "unknown".
 */
public final class DemoRefit {

    /** Services that follow the segments directory. */
    public static final List<String> SERVICES = List.of("profile-updater", "recommender-service");
    /** k-means candidates for a demo's thousand shoppers: few segments, each of a readable size. */
    static final List<String> SEGMENT_ARGS = List.of("--k-max", "5", "--min-segment-share", "0.05");

    private final Path root;

    private DemoRefit(Path root) {
        this.root = root;
    }

    /**
     * The re-fit directories under {@code dataDir}: {@code refit/segments} (versions) and
     * {@code refit/privacy/segments-ledger.jsonl} (the budget ledger, so repeated runs on one day
     * spend one budget, as in a deployment).
     */
    public static DemoRefit under(Path dataDir) throws IOException {
        return new DemoRefit(Files.createDirectories(dataDir.toAbsolutePath().resolve("refit")));
    }

    /** Where the segment versions are published. */
    public Path segmentsDir() {
        return root.resolve("segments");
    }

    /** The privacy budget ledger of the segment releases. */
    public Path ledger() {
        return root.resolve("privacy").resolve("segments-ledger.jsonl");
    }

    /**
     * The options that make profile-updater and recommender-service follow {@link #segmentsDir()},
     * polled every {@code poll} (a deployment polls every 30 s; the demo wants the swap at once).
     */
    public Map<String, List<String>> serviceArgs(Duration poll) {
        List<String> args = List.of("--profilestream.segments.model=" + segmentsDir(),
                "--profilestream.segments.poll-interval=" + poll.toMillis() + "ms");
        return Map.of(SERVICES.get(0), args, SERVICES.get(1), args);
    }

    /**
     * Starts the re-fit against the broker at {@code bootstrapServers}; {@link
     * TrainerProcess#awaitPublished} returns the version it published.
     */
    public TrainerProcess start(Path home, String bootstrapServers, Path logFile, ChildProcesses children)
            throws IOException {
        // The local stack's services run with the public local-development master key, and so does this.
        List<String> args = new java.util.ArrayList<>(List.of("segments", "--from-profiles", "--local-development-key",
                "--bootstrap-servers", bootstrapServers, "--models-dir", segmentsDir().toString(),
                "--ledger", ledger().toString()));
        args.addAll(SEGMENT_ARGS);
        return TrainerProcess.run(home, args, logFile, children);
    }
}
