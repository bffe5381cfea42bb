package io.profilestream.localstack.fleet;

import io.profilestream.localstack.ChildProcesses;
import io.profilestream.localstack.broker.KafkaBroker;
import io.profilestream.localstack.broker.TopicProvisioner;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole local system: one broker, the catalogue's topics, the four services. Used by the
 * run command and by the end-to-end tests, so both exercise the same start-up path.
 */
public final class Fleet implements AutoCloseable {

    private static final Duration SERVICE_START_TIMEOUT = Duration.ofSeconds(180);

    private final ChildProcesses children;
    private final KafkaBroker broker;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();

    private Fleet(ChildProcesses children, KafkaBroker broker) {
        this.children = children;
        this.broker = broker;
    }

    /**
     * Starts everything and returns once every service reports UP.
     *
     * @param home       repository root
     * @param dataDir    where broker data, state stores and logs go
     * @param ports      HTTP port per module name, its management (actuator) port under
     *                   {@link ServiceSpec#managementPortKey}, broker port under "kafka", controller under "controller"
     * @param partitions partitions per topic
     * @param out        progress messages
     */
    public static Fleet start(Path home, Path dataDir, Map<String, Integer> ports, int partitions, PrintStream out)
            throws Exception {
        return start(home, dataDir, ports, partitions, Map.of(), out);
    }

    /**
     * Starts everything with more Spring arguments for some services and returns once every
     * service reports UP.
     *
     * @param extraArgs module name to further arguments, e.g. {@code --profilestream.model.dir=...}
     */
    public static Fleet start(Path home, Path dataDir, Map<String, Integer> ports, int partitions,
                              Map<String, List<String>> extraArgs, PrintStream out) throws Exception {
        ChildProcesses children = new ChildProcesses().installShutdownHook();
        KafkaBroker broker = new KafkaBroker(dataDir.resolve("kafka"), ports.get("kafka"), ports.get("controller"));
        Fleet fleet = new Fleet(children, broker);
        try {
            long t0 = System.nanoTime();
            out.printf("Starting Kafka broker (KRaft) on %s ...%n", broker.bootstrapServers());
            broker.start(launcherClasspath(home), children);
            out.printf("  broker ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            TopicProvisioner.provision(broker.bootstrapServers(), partitions);
            out.printf("  topics ready (%d partitions each)%n", partitions);
            for (ServiceSpec spec : ServiceSpec.FLEET) {
                ServiceProcess service = ServiceProcess.prepare(spec, home, dataDir, broker.bootstrapServers(),
                        ports.get(spec.module()), managementPort(ports, spec), extraArgs.getOrDefault(spec.module(), List.of()));
                service.start(children);
                fleet.services.put(spec.module(), service);
            }
            out.printf("Starting %d services ...%n", fleet.services.size());
            for (ServiceProcess service : fleet.services.values()) {
                service.awaitHealthy(SERVICE_START_TIMEOUT);
                out.printf("  %-20s UP at %s, actuator %s (log: %s)%n", service.spec().module(), service.baseUrl(),
                        service.managementUrl(), service.logFile());
            }
            out.printf("  fleet up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            return fleet;
        } catch (Exception | Error e) {
            fleet.close();
            throw e;
        }
    }

    private static int managementPort(Map<String, Integer> ports, ServiceSpec spec) {
        Integer port = ports.get(ServiceSpec.managementPortKey(spec.module()));
        if (port == null) {
            throw new IllegalArgumentException("no management port for " + spec.module() + " (key "
                    + ServiceSpec.managementPortKey(spec.module()) + "; Fleet.defaultPorts() has every key)");
        }
        return port;
    }

    /** The default local ports. */
    public static Map<String, Integer> defaultPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("kafka", 19092);
        ports.put("controller", 19093);
        ServiceSpec.FLEET.forEach(s -> ports.put(s.module(), s.defaultPort()));
        ServiceSpec.FLEET.forEach(s -> ports.put(ServiceSpec.managementPortKey(s.module()), s.defaultManagementPort()));
        return ports;
    }

    /**
     * A distinct free loopback port for every key of {@link #defaultPorts()}, for fleets that must
     * not collide with another (tests, chaos and fuzz runs). Every probe socket stays open until all
     * are chosen: closing each at once let the kernel hand out one port twice (a test fleet's broker
     * and a service's management port got the same one). Another process can still take a port
     * before the fleet binds it.
     *
     * @throws IOException when no loopback port can be bound
     */
    public static Map<String, Integer> freePorts() throws IOException {
        Map<String, Integer> ports = new LinkedHashMap<>();
        List<ServerSocket> probes = new ArrayList<>();
        try {
            for (String name : defaultPorts().keySet()) {
                ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                probes.add(probe);
                ports.put(name, probe.getLocalPort());
            }
        } finally {
            for (ServerSocket probe : probes) {
                probe.close();
            }
        }
        return ports;
    }

    /** The broker. */
    public KafkaBroker broker() {
        return broker;
    }

    /** A running service by module name. */
    public ServiceProcess service(String module) {
        ServiceProcess s = services.get(module);
        if (s == null) {
            throw new IllegalArgumentException("no service " + module);
        }
        return s;
    }

    /**
     * Stops one service (SIGTERM: it closes Kafka Streams cleanly) and starts it again with the
     * same command line, state directory and port; returns once it reports UP again.
     */
    public void restart(String module) throws IOException, InterruptedException {
        ServiceProcess service = service(module);
        service.stop();
        service.start(children);
        service.awaitHealthy(SERVICE_START_TIMEOUT);
    }

    /**
     * Stops one service and starts it again with {@code moreArgs} appended to its command line
     * (see {@link ServiceProcess#withMoreArgs}); returns once it reports UP again.
     */
    public void restart(String module, List<String> moreArgs) throws IOException, InterruptedException {
        restart(Map.of(module, moreArgs));
    }

    /**
     * As {@link #restart(String, List)} for several services at once: stops each in turn, starts
     * them all, then waits until each reports UP, so their start-ups overlap (one service start is
     * 20-40 s of a 2-core machine's CI run).
     */
    public void restart(Map<String, List<String>> moreArgsByModule) throws IOException, InterruptedException {
        List<ServiceProcess> started = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : moreArgsByModule.entrySet()) {
            ServiceProcess changed = service(e.getKey()).withMoreArgs(e.getValue());
            service(e.getKey()).stop();
            services.put(e.getKey(), changed);
            changed.start(children);
            started.add(changed);
        }
        for (ServiceProcess p : started) {
            p.awaitHealthy(SERVICE_START_TIMEOUT);
        }
    }

    /**
     * Stops the running service of {@code replacement}'s module and starts {@code replacement} in
     * its place, e.g. the process {@link #service} returned before a
     * {@link #restart(String, List)}, to undo its extra arguments; returns once it reports UP.
     */
    public void restart(ServiceProcess replacement) throws IOException, InterruptedException {
        String module = replacement.spec().module();
        service(module).stop();
        services.put(module, replacement);
        replacement.start(children);
        replacement.awaitHealthy(SERVICE_START_TIMEOUT);
    }

    /** The registry of child processes, for processes started next to the fleet (e.g. the trainer). */
    public ChildProcesses children() {
        return children;
    }

    /** Stops the services, then the broker. */
    @Override
    public void close() {
        children.close();
    }

    /**
     * The broker runs from the launcher's own dependency folder: local-stack/target/lib holds
     * kafka_2.13 and a log4j2 backend (copied at package time).
     */
    public static String launcherClasspath(Path home) throws IOException {
        Path lib = home.resolve("local-stack").resolve("target").resolve("lib");
        if (!lib.toFile().isDirectory()) {
            throw new IOException(lib + " is missing: build first (mvn -DskipTests package)");
        }
        return lib.toAbsolutePath() + "/*";
    }
}
