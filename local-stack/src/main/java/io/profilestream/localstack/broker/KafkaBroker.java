package io.profilestream.localstack.broker;

import io.profilestream.localstack.ChildProcesses;
import io.profilestream.localstack.JvmOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft broker (combined broker + controller) run as a child JVM from the
 * Kafka jars on this module's classpath, listening on 127.0.0.1 only. Its data lives under one
 * directory, formatted on first start and reused afterwards.
 */
public final class KafkaBroker {

    /**
     * Environment variable with more JVM options for the broker, split at whitespace, e.g.
     * {@code -Xlog:gc:file=/tmp/broker-gc.log} or {@code -XX:StartFlightRecording:filename=/tmp/broker.jfr};
     * another collector needs {@code -XX:-UseG1GC} first.
     */
    public static final String JVM_OPTIONS_ENV = "PROFILESTREAM_BROKER_JAVA_OPTS";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private Process process;

    /**
     * @param dir            broker home: config, logs and data live below it
     * @param port           client port on 127.0.0.1
     * @param controllerPort KRaft controller port on 127.0.0.1
     */
    public KafkaBroker(Path dir, int port, int controllerPort) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** host:port for clients. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The broker's log file. */
    public Path logFile() {
        return dir.resolve("logs").resolve("kafka.log");
    }

    /**
     * Formats storage if needed, starts the broker and waits until it answers metadata requests.
     *
     * @param classpath classpath holding kafka_2.13 and a log4j2 backend
     * @param children  registry that stops the broker on exit
     */
    public void start(String classpath, ChildProcesses children) throws IOException, InterruptedException {
        start(classpath, children, READY_TIMEOUT);
    }

    /**
     * {@link #start(String, ChildProcesses)} with another readiness deadline: a restart after a
     * SIGKILL recovers every partition's log first, which on a busy machine takes longer than a
     * fresh start.
     */
    public void start(String classpath, ChildProcesses children, Duration readyTimeout) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("logs"));
        Path config = writeServerProperties();
        Path log4j = writeLog4jConfig();
        Path data = dir.resolve("data");
        if (!Files.exists(data.resolve("meta.properties"))) {
            format(classpath, config, log4j);
        }
        List<String> extra = JvmOptions.fromEnvironmentValue(System.getenv(JVM_OPTIONS_ENV));
        process = new ProcessBuilder(command(classpath, config, log4j, dir.resolve("logs"), extra))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("logs").resolve("kafka.out").toFile()))
                .start();
        children.add("kafka", process);
        awaitReady(readyTimeout);
    }

    /**
     * The broker's command line: the launcher's heap and collector, then {@code extra}
     * ({@link #JVM_OPTIONS_ENV}), which win over those (the last {@code -Xmx} counts), then the
     * log settings, which the launcher needs to find the broker's log and so keeps.
     */
    static List<String> command(String classpath, Path config, Path log4j, Path logsDir, List<String> extra) {
        List<String> command = new ArrayList<>(List.of(javaBin(), "-Xms256m", "-Xmx768m", "-XX:+UseG1GC"));
        command.addAll(extra);
        command.addAll(List.of("-Dlog4j2.configurationFile=" + log4j.toAbsolutePath(),
                "-Dkafka.logs.dir=" + logsDir.toAbsolutePath(),
                "-cp", classpath, "kafka.Kafka", config.toAbsolutePath().toString()));
        return List.copyOf(command);
    }

    /** Stops the broker (SIGTERM, then SIGKILL after 30 s). */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * SIGKILL ({@link Process#destroyForcibly()}): no controlled shutdown, for fault injection;
     * {@link #start} afterwards recovers the logs of the same data directory. Returns once the
     * process is gone.
     */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    /** The broker's process while it runs (for its CPU time in benchmarks); empty before start and after it ended. */
    public Optional<ProcessHandle> processHandle() {
        return isAlive() ? Optional.of(process.toHandle()) : Optional.empty();
    }

    /** Whether the broker process is alive. */
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    private void format(String classpath, Path config, Path log4j) throws IOException, InterruptedException {
        String clusterId = Uuid.randomUuid().toString();
        Process format = new ProcessBuilder(javaBin(), "-Xmx256m", "-Dlog4j2.configurationFile=" + log4j.toAbsolutePath(),
                "-cp", classpath, "kafka.tools.StorageTool", "format", "-t", clusterId,
                "-c", config.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("logs").resolve("format.out").toFile()))
                .start();
        if (format.waitFor() != 0) {
            throw new IOException("formatting broker storage failed; see " + dir.resolve("logs").resolve("format.out"));
        }
    }

    private void awaitReady(Duration timeout) throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(timeout);
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(props)) {
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IOException("Kafka broker exited with code " + process.exitValue() + "; see " + dir.resolve("logs"));
                }
                try {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    // Not listening yet: poll again rather than sleeping a fixed time.
                }
                Thread.sleep(200);
            }
        }
        throw new IOException("Kafka broker not ready after " + timeout.toSeconds() + " s; see " + logFile());
    }

    private Path writeServerProperties() throws IOException {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", "1");
        settings.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        settings.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        settings.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        settings.put("controller.listener.names", "CONTROLLER");
        settings.put("inter.broker.listener.name", "PLAINTEXT");
        settings.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        settings.put("log.dirs", dir.resolve("data").toAbsolutePath().toString());
        settings.put("num.partitions", "4");
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", "4");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("transaction.state.log.num.partitions", "4");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        settings.put("group.initial.rebalance.delay.ms", "0");
        settings.put("auto.create.topics.enable", "false");
        StringBuilder text = new StringBuilder("# Written by the ProfileStream local stack; regenerated on every start.\n");
        settings.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Path file = dir.resolve("server.properties");
        Files.writeString(file, text);
        return file;
    }

    private Path writeLog4jConfig() throws IOException {
        Path file = dir.resolve("log4j2.properties");
        Files.writeString(file, String.join("\n", List.of(
                "status = warn",
                "appender.file.type = File",
                "appender.file.name = file",
                "appender.file.fileName = " + logFile().toAbsolutePath(),
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = info",
                "rootLogger.appenderRef.file.ref = file",
                // ~350 lines of config dump per client otherwise (PROBES trap 6).
                "logger.config.name = org.apache.kafka.common.config.AbstractConfig",
                "logger.config.level = warn",
                "")));
        return file;
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
