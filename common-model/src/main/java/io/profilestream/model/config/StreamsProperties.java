package io.profilestream.model.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Kafka Streams settings of one stream service ({@code profilestream.streams.*}).
 *
 * @param applicationId       Streams application id: consumer group and internal topic prefix
 * @param stateDir            directory of the RocksDB state stores
 * @param numThreads          stream threads in this instance
 * @param processingGuarantee {@code exactly_once_v2} (default) or {@code at_least_once}
 * @param replicationFactor   replication of internal topics (changelogs, repartitions); -1 (the
 *                            default) takes the broker's {@code default.replication.factor}
 * @param commitInterval      how often offsets and state are committed (default Kafka's 100 ms).
 *                            Under exactly-once a record becomes visible downstream only at its
 *                            transaction's commit, so the services' own application.yml set it
 *                            apart: short where a commit gates freshness (filter, updater), long
 *                            where it only stops the stream thread (recommender). Why and what it
 *                            costs: those files' comments and docs/BENCHMARKS.md, runs 65-81
 * @param rocksdbOffHeapMb    off-heap budget shared by all RocksDB stores of the instance
 * @param applicationServer   host:port other instances use to reach this one for interactive
 *                            queries; empty for a single instance
 */
@Validated
@ConfigurationProperties("profilestream.streams")
public record StreamsProperties(
        @NotBlank(message = "set profilestream.streams.application-id") String applicationId,
        @NotBlank(message = "set profilestream.streams.state-dir") String stateDir,
        @DefaultValue("1") @Min(1) int numThreads,
        @DefaultValue("exactly_once_v2")
        @Pattern(regexp = "exactly_once_v2|at_least_once",
                message = "profilestream.streams.processing-guarantee must be exactly_once_v2 or at_least_once")
        String processingGuarantee,
        @DefaultValue("-1") @Min(-1) short replicationFactor,
        @DefaultValue("100ms") Duration commitInterval,
        @DefaultValue("256") @Min(8) int rocksdbOffHeapMb,
        @DefaultValue("") String applicationServer) {
}
