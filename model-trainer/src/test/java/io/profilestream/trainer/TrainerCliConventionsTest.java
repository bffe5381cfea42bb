package io.profilestream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

/** The contract scripts rely on, for the trainer and each of its commands: help, version, exit codes, messages. */
class TrainerCliConventionsTest {

    private static final String EXIT_CODES = String.format("%nExit codes:%n"
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
        CommandLine cli = TrainerCli.commandLine();
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
    @ValueSource(strings = {"", "generate", "import", "split", "train", "evaluate", "churn", "demand", "sentiment",
            "query-interests", "segments"})
    void shouldPrintHelpWithTheExitCodesOnStdoutAndExitZero(String command) {
        assertThat(run(args(command, "--help"))).isEqualTo(0);

        assertThat(out.toString()).contains("Usage: profilestream-trainer" + (command.isEmpty() ? "" : " " + command) + " [-hV]");
        assertThat(out.toString()).contains(EXIT_CODES);
        assertThat(err.toString()).isEmpty();
    }

    @ParameterizedTest(name = "{0} --version")
    @ValueSource(strings = {"", "generate", "import", "split", "train", "evaluate", "churn", "demand", "sentiment",
            "query-interests", "segments"})
    void shouldPrintTheProjectVersionAndExitZero(String command) throws Exception {
        assertThat(run(args(command, "--version"))).isEqualTo(0);

        assertThat(out.toString()).isEqualTo(String.format("profilestream-trainer %s%n", pomVersion()));
    }

    /** Each command with its required options, so only the unknown option is wrong. */
    static Stream<Arguments> commandsWithRequiredOptions() {
        return Stream.of(
                Arguments.of("", List.of()),
                Arguments.of("generate", List.of("-o", "events.jsonl")),
                Arguments.of("import", List.of("-i", "in.csv", "-o", "out.tsv")),
                Arguments.of("split", List.of("-i", "in.tsv", "-o", "split")),
                Arguments.of("train", List.of("--train", "train.tsv")),
                Arguments.of("evaluate", List.of("--train", "train.tsv", "--test", "test.tsv")),
                Arguments.of("churn", List.of("-i", "in.csv")),
                Arguments.of("demand", List.of("-i", "in.csv", "--preset", "taobao")),
                Arguments.of("sentiment", List.of("-i", "reviews.json")),
                Arguments.of("query-interests", List.of("-i", "events.jsonl")),
                Arguments.of("segments", List.of("-i", "in.csv")));
    }

    // Resembling no option of any command: picocli would add a "Possible solutions" line for a near
    // miss (--frobnicate is one for churn's and segments' --from-topic).
    @ParameterizedTest(name = "{0} --xyzzy")
    @MethodSource("commandsWithRequiredOptions")
    void shouldExitTwoWithPicocliReasonAndAHelpPointerOnAnUnknownOption(String command, List<String> required) {
        List<String> all = new ArrayList<>(List.of(args(command)));
        all.addAll(required);
        all.add("--xyzzy");

        assertThat(run(all.toArray(String[]::new))).isEqualTo(2);

        String name = "profilestream-trainer" + (command.isEmpty() ? "" : " " + command);
        assertThat(err.toString()).isEqualTo(String.format("Unknown option: '--xyzzy'%n"
                + "Try '%s --help' for more information.%n", name));
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldSuggestTheOptionMeantWhenOneIsMisspelt() {
        assertThat(run("generate", "-o", "x.jsonl", "--event", "5")).isEqualTo(2);

        assertThat(err.toString()).isEqualTo(String.format("Unknown options: '--event', '5'%n"
                + "Possible solutions: --events%n"
                + "Try 'profilestream-trainer generate --help' for more information.%n"));
    }

    @Test
    void shouldExitTwoNamingTheCommandsWhenNoneIsGiven() {
        assertThat(run()).isEqualTo(2);

        assertThat(err.toString()).isEqualTo(String.format("missing command: one of generate, import, split, train, evaluate,"
                + " churn, demand, sentiment, query-interests, segments%n"
                + "Try 'profilestream-trainer --help' for more information.%n"));
    }

    static Stream<Arguments> commandsReadingAMissingFile() {
        return Stream.of(
                Arguments.of("import", List.of("--preset", "gru4rec", "-i", "{missing}", "-o", "{dir}/out.tsv")),
                Arguments.of("split", List.of("-i", "{missing}", "-o", "{dir}/split")),
                Arguments.of("train", List.of("--train", "{missing}", "--models-dir", "{dir}/models")),
                Arguments.of("evaluate", List.of("--train", "{missing}", "--test", "{dir}/test.tsv", "--baselines", "POP")),
                Arguments.of("churn", List.of("-i", "{missing}", "--out", "{dir}/churn")),
                Arguments.of("demand", List.of("--preset", "taobao", "-i", "{missing}")),
                Arguments.of("sentiment", List.of("-i", "{missing}")),
                Arguments.of("query-interests", List.of("-i", "{missing}")),
                Arguments.of("segments", List.of("-i", "{missing}", "--out", "{dir}/segments")));
    }

    @ParameterizedTest(name = "{0} with a missing input file")
    @MethodSource("commandsReadingAMissingFile")
    void shouldExitOneWithOneLineNamingTheMissingFileAndNoStackTrace(String command, List<String> options) {
        Path missing = dir.resolve("missing.tsv");
        List<String> all = new ArrayList<>(List.of(command));
        options.forEach(o -> all.add(o.replace("{missing}", missing.toString()).replace("{dir}", dir.toString())));

        assertThat(run(all.toArray(String[]::new))).isEqualTo(1);

        assertThat(err.toString()).isEqualTo(String.format("error: %s: no such file or directory%n", missing));
    }

    @Test
    void shouldExitOneNamingAMissingModelDirectory() {
        Path missing = dir.resolve("models").resolve("v1");

        assertThat(run("evaluate", "--train", dir.resolve("train.tsv").toString(), "--test", dir.resolve("test.tsv").toString(),
                "--model", missing.toString())).isEqualTo(1);

        assertThat(err.toString()).isEqualTo(String.format("error: %s: no such model directory (--model)%n", missing));
    }

    @Test
    void shouldAddTheStackTraceToAFailureOnlyWithDebug() {
        Path missing = dir.resolve("missing.csv");

        assertThat(run("import", "--debug", "--preset", "gru4rec", "-i", missing.toString(), "-o", dir.resolve("o.tsv").toString()))
                .isEqualTo(1);

        assertThat(err.toString()).startsWith(String.format("error: %s: no such file or directory%n"
                + "java.nio.file.NoSuchFileException: %s%n\tat ", missing, missing));
    }

    /** The version of the parent POM, which every module shares. */
    private static String pomVersion() throws Exception {
        Matcher m = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(m.find()).as("parent version in pom.xml").isTrue();
        return m.group(1);
    }
}
