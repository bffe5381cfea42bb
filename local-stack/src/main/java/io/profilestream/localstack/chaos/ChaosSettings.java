package io.profilestream.localstack.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Settings of one chaos run.
 *
 * @param events         generated events, replayed once per phase
 * @param users          generated shoppers
 * @param items          catalogue size
 * @param seed           seed of the events and of the fault plan
 * @param kills          service kills in the phase with faults
 * @param brokerRestarts broker restarts in the phase with faults
 * @param brokerStop     how the broker is stopped
 * @param cover          services killed at least once each (the first kills)
 * @param minDown        shortest time a stopped process stays down
 * @param maxDown        longest time a stopped process stays down
 * @param rate           events per second the sender keeps to, 0 for as fast as ingest takes them
 * @param lanes          requests in flight
 * @param batchSize      events per request
 * @param partitions     partitions per topic
 * @param dataDir        broker data, state, logs and model of the run
 * @param report         where the JSON report goes, or null
 */
public record ChaosSettings(int events, int users, int items, long seed, int kills, int brokerRestarts,
                            FaultInjector.BrokerStop brokerStop, List<String> cover, Duration minDown, Duration maxDown,
                            double rate, int lanes, int batchSize, int partitions, Path dataDir, Path report) {

    public ChaosSettings {
        cover = List.copyOf(cover);
    }

    /** The fault plan these settings draw. */
    public ChaosPlan plan(List<String> services) {
        return ChaosPlan.random(seed, events, kills, brokerRestarts, services, cover, minDown, maxDown);
    }
}
