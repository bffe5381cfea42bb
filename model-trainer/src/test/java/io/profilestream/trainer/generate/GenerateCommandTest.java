package io.profilestream.trainer.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.generator.ClickstreamGenerator;
import io.profilestream.generator.GeneratorSettings;
import io.profilestream.model.event.EventType;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.serde.Json;
import io.profilestream.trainer.TrainerCli;
import io.profilestream.trainer.data.Interaction;
import io.profilestream.trainer.data.InteractionFile;
import io.profilestream.trainer.data.Sessions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateCommandTest {

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

    private static List<RawEvent> readEvents(Path file) throws Exception {
        List<RawEvent> events = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            events.add(Json.mapper().readValue(line, RawEvent.class));
        }
        return events;
    }

    @Test
    void shouldWriteEventsThatImportRoundTripsOneInteractionPerEventWithAnItem() throws Exception {
        Path events = dir.resolve("data").resolve("events.jsonl");
        Path interactions = dir.resolve("interactions.tsv");

        assertThat(run("generate", "--events", "3000", "--users", "40", "--items", "300", "--seed", "7",
                "--out", events.toString())).isEqualTo(0);
        List<RawEvent> generated = readEvents(events);
        assertThat(generated).hasSize(3000);
        assertThat(generated.get(0).eventId()).isEqualTo("gen-7-0");
        assertThat(generated.get(2999).eventId()).isEqualTo("gen-7-2999");
        long searches = generated.stream().filter(e -> e.type() == EventType.SEARCH).count();
        assertThat(generated.stream().filter(e -> e.itemId() == null).count()).isEqualTo(searches);

        assertThat(run("import", "--preset", "profilestream", "-i", events.toString(), "-o", interactions.toString()))
                .isEqualTo(0);

        List<Interaction> expected = new ArrayList<>(generated.stream().filter(e -> e.itemId() != null)
                .map(e -> new Interaction(e.sessionId(), e.userId(), e.itemId(), e.timestamp().toEpochMilli(),
                        e.type().wireName(), e.category(), e.price() == null ? null : e.price().toString()))
                .toList());
        expected.sort(Sessions.FILE_ORDER);
        assertThat(InteractionFile.read(interactions)).isEqualTo(expected);
        assertThat(err.toString()).contains(String.format("%s: 3000 rows, %d imported, 0 rejected, %d searches without item skipped;",
                events, 3000 - searches, searches));
    }

    @Test
    void shouldSummariseWhatItWroteOnStderr() throws Exception {
        Path events = dir.resolve("events.jsonl");

        assertThat(run("generate", "--events", "500", "--users", "10", "--items", "100", "-o", events.toString())).isEqualTo(0);

        List<RawEvent> generated = readEvents(events);
        StringBuilder types = new StringBuilder();
        for (EventType t : EventType.values()) {
            long n = generated.stream().filter(e -> e.type() == t).count();
            if (n > 0) {
                types.append(types.isEmpty() ? "" : ", ").append(n).append(' ').append(t.wireName());
            }
        }
        long sessions = generated.stream().map(RawEvent::sessionId).distinct().count();
        long users = generated.stream().map(RawEvent::userId).distinct().count();
        long items = generated.stream().map(RawEvent::itemId).filter(i -> i != null).distinct().count();
        assertThat(err.toString()).isEqualTo(String.format("500 events (%s), %d sessions, %d users, %d items -> %s%n"
                        + "import it with: profilestream-trainer import --preset profilestream -i %s -o interactions.tsv%n",
                types, sessions, users, items, events, events));
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldWriteTheSameBytesForTheSameOptionsAndOtherEventsForAnotherSeed() throws Exception {
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        Path c = dir.resolve("c.jsonl");

        run("generate", "--events", "200", "--seed", "3", "-o", a.toString());
        run("generate", "--events", "200", "--seed", "3", "-o", b.toString());
        run("generate", "--events", "200", "--seed", "4", "-o", c.toString());

        assertThat(Files.readString(a)).isEqualTo(Files.readString(b));
        assertThat(Files.readString(a)).isNotEqualTo(Files.readString(c));
    }

    @Test
    void shouldSpreadTheSessionsOverTheGivenDays() throws Exception {
        Path events = dir.resolve("events.jsonl");

        assertThat(run("generate", "--events", "5000", "--days", "10", "--start", "2026-03-01T00:00:00Z",
                "-o", events.toString())).isEqualTo(0);

        List<RawEvent> generated = readEvents(events);
        assertThat(generated.get(0).timestamp()).isAfterOrEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        Instant last = generated.stream().map(RawEvent::timestamp).max(Instant::compareTo).orElseThrow();
        // Session starts are exponential draws around the mean gap: the span is 10 days give or take a few hours.
        assertThat(Duration.between(Instant.parse("2026-03-01T00:00:00Z"), last))
                .isBetween(Duration.ofDays(9), Duration.ofDays(11));
    }

    @Test
    void shouldChangeOnlyTheTimestampsWhenSpreadingSessions() {
        GeneratorSettings base = GeneratorSettings.defaults(5, 20, 100);

        GeneratorSettings spread = GenerateCommand.spread(base, 1000, 3);

        assertThat(spread.meanSessionGap()).isNotEqualTo(base.meanSessionGap());
        List<RawEvent> before = new ClickstreamGenerator(base, "x").take(1000);
        List<RawEvent> after = new ClickstreamGenerator(spread, "x").take(1000);
        assertThat(after.stream().map(GenerateCommandTest::withoutTime).toList())
                .isEqualTo(before.stream().map(GenerateCommandTest::withoutTime).toList());
        assertThat(after.get(999).timestamp()).isNotEqualTo(before.get(999).timestamp());
    }

    private static RawEvent withoutTime(RawEvent e) {
        return new RawEvent(e.schemaVersion(), e.eventId(), e.userId(), e.sessionId(), e.type(), e.itemId(), e.category(),
                e.brand(), e.price(), e.currency(), e.quantity(), e.query(), e.reviewText(), e.rating(), null, null, null);
    }

    @Test
    void shouldDrawNoProgressBarWhenStderrGoesToAPipeOrFile() throws Exception {
        // Under Maven the test JVM's stdin and stdout are pipes, as in a CI job or a script.
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true));
        try {
            assertThat(run("generate", "--events", "5000", "-o", dir.resolve("e.jsonl").toString())).isEqualTo(0);
        } finally {
            System.setErr(original);
        }

        assertThat(captured.toString()).isEmpty();
    }

    @Test
    void shouldWriteToStdoutForADash() {
        assertThat(run("generate", "--events", "25", "-o", "-")).isEqualTo(0);

        assertThat(out.toString().lines()).hasSize(25).allSatisfy(l -> assertThat(l).startsWith("{\"schemaVersion\":1,"));
        assertThat(err.toString()).endsWith(String.format("-> stdout%n"));
    }

    @Test
    void shouldExitTwoOnACatalogueTooSmallForTheCategories() {
        assertThat(run("generate", "--items", "5", "-o", dir.resolve("x.jsonl").toString())).isEqualTo(2);

        assertThat(err.toString()).startsWith(String.format("--users/--items: need at least 1 user and 20 items%n"));
        assertThat(dir.resolve("x.jsonl")).doesNotExist();
    }
}
