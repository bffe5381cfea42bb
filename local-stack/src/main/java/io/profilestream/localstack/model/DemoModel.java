package io.profilestream.localstack.model;

import io.profilestream.generator.GeneratorSettings;
import io.profilestream.localstack.ChildProcesses;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model the demo's services use: {@code train} (a small model trained on a generated history
 * of the demo catalogue, by the trainer as a child process while the fleet starts, so the services
 * start without a model and hot-load it), {@code none}, or an existing models directory.
 */
public final class DemoModel {

    /** Services that load models. */
    public static final List<String> MODEL_SERVICES = List.of("profile-updater", "recommender-service");

    /**
     * Trainer options sized to finish well under a minute on 2 busy cores (~30 s measured with a
     * 30,000-event history), good enough to show neural recommendations, not to evaluate.
     */
    public static final List<String> DEMO_TRAINING = List.of("--epochs", "3", "--hidden-size", "64", "--embedding-size", "32",
            "--negatives", "256", "--ranker-epochs", "5", "--ranker-max-positions", "2000", "--candidates", "50",
            "--patience", "0");

    private final Path modelsDir;
    private final TrainerProcess trainer;

    private DemoModel(Path modelsDir, TrainerProcess trainer) {
        this.modelsDir = modelsDir;
        this.trainer = trainer;
    }

    /**
     * Prepares the model per {@code choice} ({@code train}, {@code none} or a directory) and, for
     * {@code train}, writes the history and starts the trainer (it keeps running in the background).
     *
     * @param trafficSettings the demo traffic's generator settings (they define the catalogue)
     * @param trafficStart    the demo traffic's first timestamp: the history ends before it
     */
    public static DemoModel prepare(String choice, Path home, Path dataDir, GeneratorSettings trafficSettings,
                                    Instant trafficStart, int historyEvents, ChildProcesses children, PrintStream out)
            throws IOException {
        switch (choice) {
            case "none" -> {
                // An empty directory of its own: a models dir left by an earlier run is not picked up.
                return new DemoModel(Files.createDirectories(dataDir.resolve("no-model")).toAbsolutePath(), null);
            }
            case "train" -> {
                Path models = Files.createDirectories(dataDir.resolve("models")).toAbsolutePath();
                Path history = dataDir.resolve("model-history").resolve("interactions.tsv");
                DemoHistory.Summary s = DemoHistory.write(history, trafficSettings, trafficSettings.seed() + 1_000_003,
                        historyEvents, false, trafficStart);
                TrainerProcess trainer = TrainerProcess.start(home, history, models, DEMO_TRAINING,
                        dataDir.resolve("logs").resolve("model-trainer.log"), children);
                out.printf("Training a demo model in the background on a generated history (%d interactions, %d sessions, "
                        + "%d items; log %s); the services will hot-load it from %s%n", s.interactions(), s.sessions(), s.items(),
                        trainer.logFile(), models);
                return new DemoModel(models, trainer);
            }
            default -> {
                Path dir = Path.of(choice).toAbsolutePath().normalize();
                if (!Files.isDirectory(dir)) {
                    throw new IOException("--model " + choice + ": not a directory (give train, none or a models directory)");
                }
                return new DemoModel(dir, null);
            }
        }
    }

    /** Spring arguments per module that point the model services at the models directory. */
    public Map<String, List<String>> serviceArgs() {
        List<String> args = List.of("--profilestream.model.dir=" + modelsDir,
                // Pick up the freshly trained model within a second of its export.
                "--profilestream.model.poll-interval=1s");
        return Map.of(MODEL_SERVICES.get(0), args, MODEL_SERVICES.get(1), args);
    }

    /** The models directory the services watch. */
    public Path modelsDir() {
        return modelsDir;
    }

    /** The background trainer, when training. */
    public Optional<TrainerProcess> trainer() {
        return Optional.ofNullable(trainer);
    }
}
