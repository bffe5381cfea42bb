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
 */
public record ServiceSpec(String module, int defaultPort, int defaultManagementPort, boolean streams) {

    /** The fleet in start order (downstream first, so nothing waits on a consumer that is not there). */
    public static final List<ServiceSpec> FLEET = List.of(
            new ServiceSpec("privacy-filter", 8082, 9082, true),
            new ServiceSpec("profile-updater", 8083, 9083, true),
            new ServiceSpec("recommender-service", 8084, 9084, true),
            new ServiceSpec("ingest-service", 8081, 9081, false));

    /** The key of a module's management port in a fleet's port map, e.g. {@code ingest-service.management}. */
    public static String managementPortKey(String module) {
        return module + ".management";
    }

    /** Short name used in URLs printed to the user and in log file names. */
    public String shortName() {
        return module.replace("-service", "");
    }
}
