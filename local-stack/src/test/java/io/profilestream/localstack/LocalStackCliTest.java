package io.profilestream.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.localstack.fleet.Versions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The contract scripts rely on, for {@code bin/profilestream-local} (and {@code bin/benchmark-online},
 * its {@code bench}): help, version, exit codes, one-line messages. Every case here fails before a
 * broker or service would start.
 */
class LocalStackCliTest {

    private static final String GENERIC_EXIT_CODES = String.format("%nExit codes:%n"
            + "  0   success%n"
            + "  1   failure at run time: one line 'error: ...' on stderr naming the file or%n"
            + "        cause (--debug adds the stack trace)%n"
            + "  2   invalid command line: unknown option, bad or missing value (the reason on%n"
            + "        stderr)%n");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = LocalStackCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static String[] args(String command, String... rest) {
        List<String> all = new ArrayList<>();
        if (!command.isEmpty()) {
            all.add(command);
        }
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    @ParameterizedTest(name = "{0} --help")
    @ValueSource(strings = {"", "clean"})
    void shouldPrintHelpWithTheStandardExitCodesAndExitZero(String command) {
        assertThat(run(args(command, "--help"))).isEqualTo(0);

        assertThat(out.toString()).contains("Usage: profilestream-local" + (command.isEmpty() ? "" : " " + command) + " [-hV]");
        assertThat(out.toString()).contains(GENERIC_EXIT_CODES);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldSizeTheCommonPoolAtTwoOnOneOrTwoCores() {
        for (int cores : new int[] {1, 2}) {
            Properties properties = new Properties();

            assertThat(LocalStackCli.commonPoolOfTwo(properties, cores)).isTrue();
            assertThat(properties.getProperty(LocalStackCli.COMMON_PARALLELISM)).isEqualTo("2");
        }
    }

    @Test
    void shouldLeaveTheCommonPoolAloneOnMoreCoresOrWhenTheOperatorSizedIt() {
        Properties more = new Properties();
        Properties sized = new Properties();
        sized.setProperty(LocalStackCli.COMMON_PARALLELISM, "7");

        assertThat(LocalStackCli.commonPoolOfTwo(more, 3)).isFalse();
        assertThat(LocalStackCli.commonPoolOfTwo(sized, 2)).isFalse();
        assertThat(more.getProperty(LocalStackCli.COMMON_PARALLELISM)).isNull();
        assertThat(sized.getProperty(LocalStackCli.COMMON_PARALLELISM)).isEqualTo("7");
    }

    @Test
    void shouldListRunsOwnExitCodesIncludingCtrlCInItsHelp() {
        assertThat(run("run", "--help")).isEqualTo(0);

        assertThat(out.toString()).contains(String.format("%nExit codes:%n"
                + "  0     success (with --exit-when-done; otherwise the stack runs until stopped)%n"
                + "  1     failure at run time: the broker or a service did not start, ingest%n"
                + "          failed, an input file is missing; one line 'error: ...' on stderr%n"
                + "          (--debug adds the stack trace)%n"
                + "  2     invalid command line: unknown option, bad or missing value (the reason%n"
                + "          on stderr)%n"
                + "  130   stopped with Ctrl-C (SIGINT; 143 for SIGTERM) after stopping everything%n"
                + "          it started%n"));
        assertThat(out.toString()).contains("--no-progress", "--seed=N", "--data-dir=DIR");
    }

    @Test
    void shouldListBenchsOwnExitCodesInItsHelp() {
        assertThat(run("bench", "--help")).isEqualTo(0);

        assertThat(out.toString()).contains(String.format("%nExit codes:%n"
                + "  0     success (the benchmark asserts nothing: read the numbers)%n"
                + "  1     failure at run time: the fleet did not start, a phase failed, --model%n"
                + "          is not a directory; one line 'error: ...' on stderr (--debug adds the%n"
                + "          stack trace)%n"));
        assertThat(out.toString()).contains("--model, --models-dir=DIR", "--no-progress", "--seed=N", "--data-dir=DIR");
    }

    @ParameterizedTest(name = "{0} --version")
    @ValueSource(strings = {"", "run", "clean", "bench", "fuzz"})
    void shouldPrintTheProjectVersionAndExitZero(String command) throws Exception {
        assertThat(run(args(command, "--version"))).isEqualTo(0);

        assertThat(out.toString()).isEqualTo(String.format("profilestream-local %s%n", pomVersion()));
        assertThat(Versions.PROJECT).isEqualTo(pomVersion());
    }

    @ParameterizedTest(name = "{0} --frobnicate")
    @ValueSource(strings = {"", "run", "clean", "bench", "fuzz"})
    void shouldExitTwoWithPicocliReasonAndAHelpPointerOnAnUnknownOption(String command) {
        assertThat(run(args(command, "--frobnicate"))).isEqualTo(2);

        String name = "profilestream-local" + (command.isEmpty() ? "" : " " + command);
        assertThat(err.toString()).isEqualTo(String.format("Unknown option: '--frobnicate'%n"
                + "Try '%s --help' for more information.%n", name));
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldExitTwoWhenNoCommandIsGiven() {
        assertThat(run()).isEqualTo(2);

        assertThat(err.toString()).isEqualTo(String.format("Missing required subcommand%n"
                + "Try 'profilestream-local --help' for more information.%n"));
    }

    @Test
    void shouldExitTwoOnAnUnknownDelimiterBeforeStartingAnything() {
        assertThat(run("run", "--data-dir", dir.resolve("data").toString(), "--replay", dir.resolve("x.csv").toString(),
                "--preset", "rees46", "--delimiter", "semi")).isEqualTo(2);

        assertThat(err.toString()).isEqualTo(String.format("--delimiter must be tab, comma, semicolon, pipe or one character, got 'semi'%n"
                + "Try 'profilestream-local run --help' for more information.%n"));
        assertThat(dir.resolve("data")).doesNotExist();
    }

    static Stream<Arguments> commandsWithAMissingInput() {
        return Stream.of(
                Arguments.of(List.of("run", "--replay", "{missing}", "--preset", "rees46"), "no such file or directory"),
                Arguments.of(List.of("bench", "--model", "{missing}"), "no such models directory (--model)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandsWithAMissingInput")
    void shouldExitOneWithOneLineNamingTheMissingInputAndNoStackTraceBeforeStartingAnything(List<String> args, String reason) {
        Path missing = dir.resolve("missing");
        Path data = dir.resolve("data");
        List<String> all = new ArrayList<>();
        args.forEach(a -> all.add(a.replace("{missing}", missing.toString())));
        all.addAll(List.of("--data-dir", data.toString()));

        assertThat(run(all.toArray(String[]::new))).isEqualTo(1);

        assertThat(err.toString()).isEqualTo(String.format("error: %s: %s%n", missing, reason));
        assertThat(data).doesNotExist();
    }

    @Test
    void shouldRefuseAModelsDirectoryThatIsAFileWithExitCodeOne() throws Exception {
        Path file = Files.writeString(dir.resolve("models"), "not a directory");

        assertThat(run("bench", "--model", file.toString(), "--data-dir", dir.resolve("data").toString())).isEqualTo(1);

        assertThat(err.toString()).isEqualTo(String.format("error: %s: not a directory (--model takes a models directory)%n", file));
    }

    @Test
    void shouldAddTheStackTraceToAFailureOnlyWithDebug() {
        Path missing = dir.resolve("missing.csv");

        assertThat(run("run", "--debug", "--replay", missing.toString(), "--preset", "rees46",
                "--data-dir", dir.resolve("data").toString())).isEqualTo(1);

        assertThat(err.toString()).startsWith(String.format("error: %s: no such file or directory%n"
                + "java.nio.file.NoSuchFileException: %s%n\tat ", missing, missing));
    }

    @Test
    void shouldDeleteTheDataDirectoryAndSayWhich() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data").resolve("kafka"));
        Files.writeString(data.resolve("log"), "x");

        assertThat(run("clean", "--data-dir", dir.resolve("data").toString())).isEqualTo(0);

        assertThat(dir.resolve("data")).doesNotExist();
        assertThat(out.toString()).isEqualTo(String.format("Deleted %s%n", dir.resolve("data").toAbsolutePath()));
        assertThat(run("clean", "--data-dir", dir.resolve("data").toString())).isEqualTo(0);
        assertThat(out.toString()).endsWith(String.format("Nothing to delete: no %s%n", dir.resolve("data").toAbsolutePath()));
    }

    /** The version of the parent POM, which every module shares. */
    private static String pomVersion() throws Exception {
        Matcher m = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(m.find()).as("parent version in pom.xml").isTrue();
        return m.group(1);
    }
}
