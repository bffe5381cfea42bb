package io.profilestream.localstack.fleet;

import java.util.List;

/**
 * One of the four services as the local stack runs it.
 *
 * @param module                Maven module (and runnable jar) name
 * @param defaultPort           HTTP port in the local stack
 * @param defaultManagementPort port of its actuator endpoints (health, metrics) in the local stack,
 *                              the service's own default ({@code management.server.port})
 * @param streams               whether it runs Kafka Streams (needs a state dir and an application server)
 * @param maxHeap               the JVM's {@code -Xmx}
 */
public record ServiceSpec(String module, int defaultPort, int defaultManagementPort, boolean streams, String maxHeap) {

    /** The fleet in start order (downstream first, so nothing waits on a consumer that is not there). */
    public static final List<ServiceSpec> FLEET = List.of(
            new ServiceSpec("privacy-filter", 8082, 9082, true, "512m"),
            new ServiceSpec("profile-updater", 8083, 9083, true, "512m"),
            // The recommender holds the model (float and int8 item matrices, the kNN index), the
            // catalogue and the ranked lists: ~290-340 MB after a young collection in the latency
            // benchmark. In 512 MB its young generation shrank to ~45 MB and it paused 2.7 times
            // a second, 1.2 % of the time (run 46, docs/BENCHMARKS.md).
            new ServiceSpec("recommender-service", 8084, 9084, true, "1g"),
            new ServiceSpec("ingest-service", 8081, 9081, false, "512m"));

    /** The key of a module's management port in a fleet's port map, e.g. {@code ingest-service.management}. */
    public static String managementPortKey(String module) {
        return module + ".management";
    }

    /** Short name used in URLs printed to the user and in log file names. */
    public String shortName() {
        return module.replace("-service", "");
    }
}
