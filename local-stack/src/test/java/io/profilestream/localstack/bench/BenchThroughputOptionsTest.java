package io.profilestream.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.localstack.LocalStackCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
        assertThat(bench.pageCacheFillMib).isZero();
        assertThat(bench.commitInterval).isNull();
        assertThat(StreamsThroughput.DEFAULT_COMMIT_INTERVAL).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void shouldTakeThePageCacheFillInMebibytes() {
        BenchCommand bench = new BenchCommand();
        new CommandLine(bench).parseArgs("--phases", "throughput", "--page-cache-fill", "20000");

        assertThat(bench.pageCacheFillMib).isEqualTo(20_000L);
    }

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--phases=latency --page-cache-fill=100", "--phases=throughput --page-cache-fill=-1"})
    void shouldRefuseAPageCacheFillWithoutTheThroughputPhaseOrBelowZeroBeforeStartingAnything(String options) {
        StringWriter err = new StringWriter();
        CommandLine cli = LocalStackCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        Path data = dir.resolve("data");
        List<String> args = new ArrayList<>(List.of("bench", "--data-dir", data.toString()));
        args.addAll(List.of(options.split(" ")));

        assertThat(cli.execute(args.toArray(String[]::new))).isEqualTo(2);

        assertThat(err.toString()).isEqualTo(String.format("--page-cache-fill takes MiB >= 0 and needs the throughput phase "
                + "(--phases throughput,...)%nTry 'profilestream-local bench --help' for more information.%n"));
        assertThat(data).doesNotExist();
    }
}
