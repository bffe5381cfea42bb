package io.profilestream.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The throughput phase's options of {@code bench}; parsing only, nothing starts. */
class BenchThroughputOptionsTest {

    @Test
    void shouldPassRepeatedThroughputClientSettingsOnInOrder() {
        BenchCommand bench = new BenchCommand();
        new CommandLine(bench).parseArgs("--phases", "throughput", "--throughput-client", "producer.batch.size=16384",
                "--throughput-client", "producer.linger.ms=20");

        assertThat(bench.throughputClient).containsExactly(Map.entry("producer.batch.size", "16384"),
                Map.entry("producer.linger.ms", "20"));
    }

    @Test
    void shouldRunTheThroughputPhaseWithNoExtraClientSettingsAndA100MillisecondCommitByDefault() {
        BenchCommand bench = new BenchCommand();
        new CommandLine(bench).parseArgs("--phases", "throughput");

        assertThat(bench.throughputClient).isEmpty();
        assertThat(bench.commitInterval).isNull();
        assertThat(StreamsThroughput.DEFAULT_COMMIT_INTERVAL).isEqualTo(Duration.ofMillis(100));
    }
}
