package io.profilestream.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.localstack.LocalStackCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The load phase's options of {@code bench}; every case ends before a broker or service would start. */
class BenchLoadOptionsTest {

    @TempDir
    Path dir;

    @Test
    void shouldParseASweepWithItsDurationReadRateBatchAndJsonFile() {
        BenchCommand bench = new BenchCommand();
        new CommandLine(bench).parseArgs("--phases", "load", "--rates", "100,300,1000", "--duration", "20s", "--warmup", "5s",
                "--read-rate", "80", "--batch-size", "20", "--json", "sweep.json", "--model", "/tmp/bench-models");

        assertThat(bench.phases).containsExactly(BenchCommand.Phase.load);
        assertThat(bench.rates).containsExactly(100.0, 300.0, 1000.0);
        assertThat(bench.duration).isEqualTo(Duration.ofSeconds(20));
        assertThat(bench.warmup).isEqualTo(Duration.ofSeconds(5));
        assertThat(bench.readRate).isEqualTo(80.0);
        assertThat(bench.batchSize).isEqualTo(20);
        assertThat(bench.json).isEqualTo(Path.of("sweep.json"));
    }

    @Test
    void shouldLeaveTheLoadPhaseOutOfTheDefaultRunAndItsOptionsUnset() {
        BenchCommand bench = new BenchCommand();
        new CommandLine(bench).parseArgs();

        assertThat(bench.phases).isEqualTo(EnumSet.of(BenchCommand.Phase.latency, BenchCommand.Phase.freshness,
                BenchCommand.Phase.throughput));
        assertThat(bench.rates).isNull();
        assertThat(bench.readRate).isNull();
        assertThat(bench.batchSize).isEqualTo(10);
        assertThat(bench.json).isNull();
    }

    static Stream<Arguments> invalidLoadOptions() {
        return Stream.of(
                Arguments.of(List.of("--rates", "100,300"), "--rates, --read-rate and --json need the load phase (--phases load,...)"),
                Arguments.of(List.of("--phases", "latency", "--json", "x.json"),
                        "--rates, --read-rate and --json need the load phase (--phases load,...)"),
                Arguments.of(List.of("--phases", "load", "--rates", "100,0"), "--rates must be events/s > 0, e.g. --rates 250,500,1000"),
                Arguments.of(List.of("--phases", "load", "--read-rate", "-5"), "--read-rate must be > 0"),
                Arguments.of(List.of("--phases", "load", "--batch-size", "501"), "--batch-size must be 1..500 (ingest's batch limit)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidLoadOptions")
    void shouldExitTwoWithTheReasonBeforeDeletingOrStartingAnything(List<String> options, String reason) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LocalStackCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        Path data = dir.resolve("data");
        List<String> args = new java.util.ArrayList<>(List.of("bench", "--data-dir", data.toString()));
        args.addAll(options);

        assertThat(cli.execute(args.toArray(String[]::new))).isEqualTo(2);

        assertThat(err.toString()).isEqualTo(String.format("%s%nTry 'profilestream-local bench --help' for more information.%n", reason));
        assertThat(data).doesNotExist();
    }
}
