package io.profilestream.localstack.fleet;

import io.profilestream.localstack.ChildProcesses;
import io.profilestream.localstack.JvmOptions;
import io.profilestream.model.serde.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One service running as a child JVM from its runnable jar, with its log in a file. */
public final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ServiceSpec spec;
    private final int port;
    private final int managementPort;
    private final Path logFile;
    private final List<String> command;
    private Process process;

    private ServiceProcess(ServiceSpec spec, int port, int managementPort, Path logFile, List<String> command) {
        this.spec = spec;
        this.port = port;
        this.managementPort = managementPort;
        this.logFile = logFile;
        this.command = command;
    }

    /**
     * Environment variable with more JVM options for every service JVM, split at whitespace, e.g.
     * {@code -Xlog:gc:file=/tmp/gc-%p.log} ({@code %p}: the process id, one file per service) or
     * {@code -XX:StartFlightRecording:filename=DIR/}. They come after the defaults, so they override
     * them (see {@link #jvmOptions} for the collector).
     */
    public static final String JVM_OPTIONS_ENV = "PROFILESTREAM_SERVICE_JAVA_OPTS";

    /**
     * A service JVM's options: the launcher's defaults, then {@code extra} ({@link #JVM_OPTIONS_ENV}).
     * The extras come last because the last of two options wins (a second {@code -Xmx} or
     * {@code -Djava.io.tmpdir}); a different collector needs {@code -XX:-UseG1GC} first, since two
     * selected collectors stop the JVM at start-up.
     */
    static List<String> jvmOptions(String maxHeap, Path tmpDir, List<String> extra) {
        List<String> options = new ArrayList<>(List.of(
                "-Xmx" + maxHeap, "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError",
                // The LSTM step's vectorised path (model-core LstmKernel); harmless elsewhere.
                "--add-modules=jdk.incubator.vector",
                "-Djava.io.tmpdir=" + tmpDir));
        options.addAll(extra);
        return List.copyOf(options);
    }

    /**
     * Prepares (does not start) a service.
     *
     * @param home             repository root (jars are under MODULE/target)
     * @param dataDir          local stack data dir: state under state/MODULE, log under logs/
     * @param bootstrapServers broker address
     * @param port             HTTP port
     * @param managementPort   port of the actuator endpoints (health, metrics), apart from the API
     * @param extraArgs        more Spring arguments, e.g. --profilestream.privacy.hmac-key=...
     */
    public static ServiceProcess prepare(ServiceSpec spec, Path home, Path dataDir, String bootstrapServers, int port,
                                         int managementPort, List<String> extraArgs) throws IOException {
        Path jar = home.resolve(spec.module()).resolve("target").resolve(spec.module() + "-" + Versions.PROJECT + "-exec.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " is missing: build first (mvn -DskipTests package)");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions(spec.maxHeap(), Files.createDirectories(dataDir.resolve("tmp")).toAbsolutePath(),
                JvmOptions.fromEnvironmentValue(System.getenv(JVM_OPTIONS_ENV))));
        cmd.addAll(List.of(
                "-jar", jar.toAbsolutePath().toString(),
                "--spring.profiles.active=local",
                "--server.port=" + port,
                "--management.server.port=" + managementPort,
                "--profilestream.kafka.bootstrap-servers=" + bootstrapServers,
                // Consumed records of the time-retained topics go within seconds, so the demo (and
                // LocalFleetIT's erasure check) show the production behaviour without a 30 s wait.
                "--profilestream.purge.interval=5s"));
        if (spec.streams()) {
            cmd.add("--profilestream.streams.state-dir=" + dataDir.resolve("state").resolve(spec.module()).toAbsolutePath());
            cmd.add("--profilestream.streams.application-server=127.0.0.1:" + port);
        }
        cmd.addAll(extraArgs);
        Path logs = Files.createDirectories(dataDir.resolve("logs"));
        return new ServiceProcess(spec, port, managementPort, logs.resolve(spec.module() + ".log"), List.copyOf(cmd));
    }

    /**
     * The same service with more Spring arguments appended (not yet started): for a restart with
     * changed configuration, e.g. a key rotation. Arguments must not repeat one already given,
     * since Spring would join both values.
     */
    public ServiceProcess withMoreArgs(List<String> moreArgs) {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(moreArgs);
        return new ServiceProcess(spec, port, managementPort, logFile, List.copyOf(cmd));
    }

    /** Starts the JVM; {@link #awaitHealthy} tells when it is ready. */
    public void start(ChildProcesses children) throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        children.add(spec.module(), process);
    }

    /** Waits until GET /actuator/health (on the management port) answers UP; fails early if the process dies. */
    public void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest request = HttpRequest.newBuilder(URI.create(actuatorUrl("health")))
                .timeout(Duration.ofSeconds(2)).GET().build();
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException(spec.module() + " exited with code " + process.exitValue() + "; see " + logFile);
            }
            try {
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() == 200 && "UP".equals(Json.mapper().readTree(response.body()).path("status").asText())) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // Still starting: poll again.
            }
            Thread.sleep(250);
        }
        throw new IOException(spec.module() + " not healthy after " + timeout.toSeconds() + " s (last: " + last + "); see " + logFile);
    }

    /** SIGTERM, then SIGKILL after 20 s. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * SIGKILL ({@link Process#destroyForcibly()}): no shutdown hook, no clean close of Kafka
     * Streams; for fault injection. Returns once the process is gone.
     */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Whether the process is running. */
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** http://127.0.0.1:PORT: the API. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** http://127.0.0.1:MANAGEMENT_PORT: health and metrics, on a port of their own. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** The URL of an actuator endpoint, e.g. {@code actuatorUrl("health/readiness")}. */
    public String actuatorUrl(String endpoint) {
        return managementUrl() + "/actuator/" + endpoint;
    }

    /** The service. */
    public ServiceSpec spec() {
        return spec;
    }

    /** Its log file. */
    public Path logFile() {
        return logFile;
    }
}
