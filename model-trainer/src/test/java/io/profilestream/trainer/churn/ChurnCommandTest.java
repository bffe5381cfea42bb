package io.profilestream.trainer.churn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.ml.churn.ChurnArtifact;
import io.profilestream.ml.churn.ChurnModel;
import io.profilestream.model.serde.Json;
import io.profilestream.ml.artifact.ModelsDirectory;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.EventType;
import io.profilestream.model.topic.Topics;
import io.profilestream.trainer.TrainerCli;
import io.profilestream.trainer.data.HistoryConsumer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ChurnCommandTest {

    /** Day 0 of the fixture, 2017-11-25 00:00 China time. */
    private static final Instant FROM = Instant.parse("2017-11-24T16:00:00Z");

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

    /**
     * Taobao layout, 6 days. Users 1..40 view on day 0; user u also on day 3 when u % 4 == 0, on day
     * 4 when u is even, on day 5 when u % 3 == 0. User 41, last in the file, is the cut one. One
     * row lies before the window.
     */
    private Path fixture() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("1,99,5,pv," + (FROM.getEpochSecond() - 60));
        for (int u = 1; u <= 41; u++) {
            lines.add(row(u, 0, "pv"));
            if (u % 4 == 0) {
                lines.add(row(u, 3, "cart"));
            }
            if (u % 2 == 0) {
                lines.add(row(u, 4, "pv"));
            }
            if (u % 3 == 0) {
                lines.add(row(u, 5, "buy"));
            }
        }
        Path file = dir.resolve("UserBehavior.csv");
        Files.write(file, lines);
        return file;
    }

    private static String row(int user, int day, String behavior) {
        long t = FROM.plus(Duration.ofDays(day)).plus(Duration.ofHours(1)).plus(Duration.ofMinutes(user)).getEpochSecond();
        return user + "," + (1000 + user) + "," + (user % 5) + "," + behavior + "," + t;
    }

    @Test
    void shouldPrintBaseRatesAndBothScorersWriteTheArtifactAndTheJson() throws Exception {
        Path input = fixture();
        Path model = dir.resolve("churn");
        Path json = dir.resolve("churn.json");

        int code = run("churn", "-i", input.toString(), "--since", "2017-11-25T00:00:00+08:00",
                "--until", "2017-12-01T00:00:00+08:00", "--horizon", "24h", "--epochs", "50",
                "--model-version", "churn-test", "--out", model.toString(), "--json", json.toString());

        assertThat(code).as(err.toString()).isEqualTo(0);
        // Train: profiles as of day 4 00:00 (China), label from day 4; test as of day 5, label from day 5.
        assertThat(out.toString()).contains(
                String.format(Locale.ROOT, "%-6s %-22s %6d %8d %9.4f%n", "train", "2017-11-28T16:00:00Z", 40, 20, 0.5),
                String.format(Locale.ROOT, "%-6s %-22s %6d %8d %9.4f%n", "test", "2017-11-29T16:00:00Z", 40, 27, 0.675),
                "logistic regression (DL4J)", "recency (hours since last)");
        assertThat(err.toString()).contains("1 outside [2017-11-24T16:00:00Z, 2017-11-30T16:00:00Z) dropped",
                "user 41 (the input's last line: history cut) excluded");

        ChurnModel loaded = ChurnModel.load(model);
        assertThat(loaded.version()).isEqualTo("churn-test");
        assertThat(loaded.horizon()).isEqualTo(Duration.ofHours(24));
        assertThat(ChurnArtifact.read(model).training()).containsEntry("excludedUser", "41");

        JsonNode report = Json.mapper().readTree(json.toFile());
        assertThat(report.path("horizonHours").asLong()).isEqualTo(24);
        assertThat(report.path("sets").get(1).path("churned").asLong()).isEqualTo(27);
        assertThat(report.path("results")).hasSize(2);
    }

    /**
     * The fixture's users 1..40 (not the cut user 41) as clean events on a two-partition topic, 83 events, plus one
     * undecodable record and one stamped before the window.
     */
    private static HistoryConsumer topic() {
        HistoryConsumer consumer = new HistoryConsumer(Topics.CLEAN_EVENTS.name(), 2);
        var serializer = Topics.CLEAN_EVENTS.valueSerde().serializer();
        for (int u = 1; u <= 40; u++) {
            for (int day = 0; day <= 5; day++) {
                String type = day == 0 ? "view" : day == 3 && u % 4 == 0 ? "add_to_cart" : day == 4 && u % 2 == 0 ? "view"
                        : day == 5 && u % 3 == 0 ? "purchase" : null;
                if (type != null) {
                    Instant at = FROM.plus(Duration.ofDays(day)).plus(Duration.ofHours(1)).plus(Duration.ofMinutes(u));
                    consumer.append(u % 2, at.toEpochMilli(), serializer.serialize("t", event(u, at, type)));
                }
            }
        }
        consumer.append(1, FROM.toEpochMilli(), new byte[] {1, 2, 3});
        // A producer clock behind: after records of the window, a record stamped before it.
        consumer.append(0, FROM.minusSeconds(60).toEpochMilli(), serializer.serialize("t", event(2, FROM.minusSeconds(60), "view")));
        return consumer;
    }

    private static CleanEvent event(int user, Instant at, String type) {
        return new CleanEvent(1, null, String.valueOf(user), null, null, EventType.fromWireName(type).orElseThrow(),
                String.valueOf(1000 + user), String.valueOf(user % 5), null, null, null, null, null, null, null, at);
    }

    private int runFromTopic(String... args) {
        CommandLine cli = TrainerCli.commandLine();
        // Clean events first, then the (here empty) erasures topic.
        var consumers = List.of(topic(), new HistoryConsumer(Topics.ERASURES.name(), 1)).iterator();
        ((ChurnCommand) cli.getSubcommands().get("churn").getCommand()).consumers = config -> consumers.next();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void shouldFitFromTheTopicTheSetsTheFileGivesAndPublishEachRunAsANewVersion() throws Exception {
        Path models = dir.resolve("churn-models");
        for (String version : List.of("20261129T031000Z-churn", "20261130T031000Z-churn")) {
            int code = runFromTopic("churn", "--from-topic", "--bootstrap-servers", "kafka:9092",
                    "--since", "2017-11-25T00:00:00+08:00", "--until", "2017-12-01T00:00:00+08:00", "--horizon", "24h",
                    "--epochs", "50", "--model-version", version, "--models-dir", models.toString());
            assertThat(code).as(err.toString()).isEqualTo(0);
        }

        // The same sets as shouldPrintBaseRatesAndBothScorersWriteTheArtifactAndTheJson reads from the file.
        assertThat(out.toString()).contains(
                String.format(Locale.ROOT, "%-6s %-22s %6d %8d %9.4f%n", "train", "2017-11-28T16:00:00Z", 40, 20, 0.5),
                String.format(Locale.ROOT, "%-6s %-22s %6d %8d %9.4f%n", "test", "2017-11-29T16:00:00Z", 40, 27, 0.675));
        assertThat(err.toString()).contains("topic profilestream.events.clean.v1: 83 events since 2017-11-24T16:00:00Z "
                + "up to end offsets {0=57, 1=28}; 1 records before it skipped; 1 undecodable skipped (partition 1 offset 27: "
                + "not a valid CleanEvent on topic profilestream.events.clean.v1: Illegal character ((CTRL-CHAR, code 1)): "
                + "only regular white space (\\r, \\n, \\t) is allowed between tokens)" + System.lineSeparator());
        assertThat(err.toString()).contains("topic profilestream.erasures.v1: 0 erasure commands of 0 users from the "
                + "beginning up to end offsets {0=0}; 0 unusable skipped" + System.lineSeparator()
                + "40 users; 0 events not profiled for want of consent, 0 events of 0 erased users dropped, 0 outside "
                + "[2017-11-24T16:00:00Z, 2017-11-30T16:00:00Z) dropped" + System.lineSeparator());
        assertThat(ModelsDirectory.versions(models)).containsExactly("20261129T031000Z-churn", "20261130T031000Z-churn");
        Path current = ModelsDirectory.current(models).orElseThrow();
        assertThat(ChurnModel.load(current).version()).isEqualTo("20261130T031000Z-churn");
        assertThat(ChurnArtifact.read(current).training()).containsEntry("droppedOutsideWindow", 0)
                .containsEntry("eventsWithoutConsent", 0);
    }

    @Test
    void shouldExitTwoWhenTheTrainLabelWindowRunsIntoTheTestCutoff() throws Exception {
        int code = run("churn", "-i", fixture().toString(), "--since", "2017-11-25T00:00:00+08:00",
                "--until", "2017-12-01T00:00:00+08:00", "--horizon", "24h",
                "--train-cutoff", "2017-11-29T12:00:00+08:00", "--test-cutoff", "2017-11-30T00:00:00+08:00");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("the train labels' window (T1, T1+h] must end by the test cutoff: "
                + "2017-11-29T04:00:00Z + PT24H > 2017-11-29T16:00:00Z");
    }
}
