package io.profilestream.localstack.fleet;

import java.util.List;

/**
 * One of the four services as the local stack runs it.
 *
 * @param module      Maven module (and runnable jar) name
 * @param defaultPort HTTP port in the local stack
 * @param streams     whether it runs Kafka Streams (needs a state dir and an application server)
 */
public record ServiceSpec(String module, int defaultPort, boolean streams) {

    /** The fleet in start order (downstream first, so nothing waits on a consumer that is not there). */
    public static final List<ServiceSpec> FLEET = List.of(
            new ServiceSpec("privacy-filter", 8082, true),
            new ServiceSpec("profile-updater", 8083, true),
            new ServiceSpec("recommender-service", 8084, true),
            new ServiceSpec("ingest-service", 8081, false));

    /** Short name used in URLs printed to the user and in log file names. */
    public String shortName() {
        return module.replace("-service", "");
    }
}
