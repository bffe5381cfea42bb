package io.profilestream.localstack.model;

import io.profilestream.localstack.ChildProcesses;
import io.profilestream.localstack.fleet.Versions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code profilestream-trainer train} as a child JVM (model-trainer's jar and dependency folder,
 * exactly what {@code bin/profilestream-trainer} runs), its output in a log file. The trainer
 * exports atomically, so services watching the models directory only ever see a complete version.
 */
public final class TrainerProcess {

    private static final Path NICE = Path.of("/usr/bin/nice");

    private final Process process;
    private final Path logFile;
    private final long startNanos = System.nanoTime();

    private TrainerProcess(Process process, Path logFile) {
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code train --train FILE --models-dir DIR ARGS...}.
     *
     * @param home      repository root (model-trainer/target holds the jar and lib/)
     * @param trainArgs further {@code train} options (epochs, sizes, --version-label ...)
     * @param logFile   stdout and stderr of the trainer
     * @param children  registry that stops the trainer when the stack stops
     */
    public static TrainerProcess start(Path home, Path trainFile, Path modelsDir, List<String> trainArgs, Path logFile,
                                       ChildProcesses children) throws IOException {
        Files.createDirectories(modelsDir);
        List<String> args = new ArrayList<>(List.of("train", "--train", trainFile.toAbsolutePath().toString(),
                "--models-dir", modelsDir.toAbsolutePath().toString()));
        args.addAll(trainArgs);
        return run(home, args, logFile, children);
    }

    /**
     * Starts {@code profilestream-trainer ARGS...}, any subcommand (e.g. {@code segments
     * --from-topic ... --models-dir DIR}), under the same JVM settings as {@code train}.
     *
     * @param home     repository root (model-trainer/target holds the jar and lib/)
     * @param args     the subcommand and its options
     * @param logFile  stdout and stderr of the trainer
     * @param children registry that stops the trainer when the stack stops
     */
    public static TrainerProcess run(Path home, List<String> args, Path logFile, ChildProcesses children)
            throws IOException {
        Path target = home.resolve("model-trainer").resolve("target");
        Path jar = target.resolve("model-trainer-" + Versions.PROJECT + ".jar");
        if (!Files.isRegularFile(jar) || !Files.isDirectory(target.resolve("lib"))) {
            throw new IOException(jar + " or its lib/ is missing: build first (mvn -DskipTests package -pl model-trainer -am)");
        }
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(NICE)) {
            // Below the services in CPU priority: training shares two cores with a starting fleet,
            // and a service that misses its health deadline fails the whole start.
            cmd.addAll(List.of(NICE.toString(), "-n", "10"));
        }
        cmd.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1500m", "-XX:+UseG1GC", "--add-modules=jdk.incubator.vector",
                "-cp", target.resolve("lib").toAbsolutePath() + "/*:" + jar.toAbsolutePath(),
                "io.profilestream.trainer.TrainerCli"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()));
        // One native thread: the trainer shares the cores with a starting fleet (PROBES: two
        // OpenMP threads on two busy cores are slower, not faster), and native memory stays bounded.
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("MALLOC_ARENA_MAX", "2");
        Process process = pb.start();
        children.add("model-trainer", process);
        return new TrainerProcess(process, logFile);
    }

    /**
     * Waits for the trainer to finish and returns the exported version directory (its last
     * stdout line is {@code exported <dir>}).
     *
     * @throws IOException naming the log when it fails or takes longer than {@code timeout}
     */
    public Path awaitExported(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroy();
            throw new IOException("the model trainer did not finish in " + timeout.toSeconds() + " s; see " + logFile);
        }
        if (process.exitValue() != 0) {
            throw new IOException("the model trainer failed (exit " + process.exitValue() + "): " + lastLine() + "; see " + logFile);
        }
        return exported().orElseThrow(() -> new IOException("the model trainer exported nothing; see " + logFile));
    }

    /**
     * Waits for a {@code churn} or {@code segments} run with {@code --models-dir} to finish and
     * returns the version directory it published (its line {@code model V published as DIR}).
     *
     * @throws IOException naming the log and its last line when the run fails, publishes nothing or
     *                     takes longer than {@code timeout}
     */
    public Path awaitPublished(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroy();
            throw new IOException("the model trainer did not finish in " + timeout.toSeconds() + " s; see " + logFile);
        }
        if (process.exitValue() != 0) {
            throw new IOException("the model trainer failed (exit " + process.exitValue() + "): " + lastLine() + "; see " + logFile);
        }
        List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            int at = lines.get(i).indexOf(" published as ");
            if (lines.get(i).startsWith("model ") && at > 0) {
                return Path.of(lines.get(i).substring(at + " published as ".length()).trim());
            }
        }
        throw new IOException("the model trainer published nothing; see " + logFile);
    }

    /** The exported directory once the trainer has printed it. */
    public Optional<Path> exported() throws IOException {
        List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("exported ")) {
                return Optional.of(Path.of(lines.get(i).substring("exported ".length()).trim()));
            }
        }
        return Optional.empty();
    }

    /** Seconds since the trainer started. */
    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Whether it is still training. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Its log. */
    public Path logFile() {
        return logFile;
    }

    private String lastLine() throws IOException {
        List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return lines.get(i).trim();
            }
        }
        return "(no output)";
    }
}
