package io.profilestream.trainer.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.generator.ClickstreamGenerator;
import io.profilestream.generator.GeneratorSettings;
import io.profilestream.ml.artifact.ModelsDirectory;
import io.profilestream.ml.churn.ChurnArtifact;
import io.profilestream.ml.churn.ChurnFeatures;
import io.profilestream.ml.segment.SegmentArtifact;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.serde.Json;
import io.profilestream.model.topic.Topics;
import io.profilestream.profileupdater.profile.ProfileSettings;
import io.profilestream.trainer.TrainerCli;
import io.profilestream.trainer.churn.ProfileReplay;
import io.profilestream.trainer.data.HistoryConsumer;
import io.profilestream.trainer.data.ImportSettings;
import io.profilestream.trainer.data.Interaction;
import io.profilestream.trainer.data.InteractionImporter;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code segments} as the scheduled re-fit runs it: from the clean-events topic into a models directory. */
class SegmentsRefitTest {

    private static final ProfileSettings FOLD = ProfileSettings.defaults();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<Map<String, Object>> consumerConfigs = new ArrayList<>();

    /** 1,200 generated events of 39 users, as the privacy filter would have written them to the topic. */
    private static String jsonl() throws Exception {
        StringBuilder jsonl = new StringBuilder();
        for (RawEvent e : new ClickstreamGenerator(GeneratorSettings.defaults(5, 40, 200), "seg").take(1200)) {
            jsonl.append(Json.mapper().writeValueAsString(e)).append('\n');
        }
        return jsonl.toString();
    }

    private static List<Interaction> interactions() throws Exception {
        return InteractionImporter.read(new java.io.BufferedReader(new StringReader(jsonl())),
                ImportSettings.PRESETS.get(ImportSettings.PROFILESTREAM)).interactions();
    }

    private static HistoryConsumer topic() throws Exception {
        var interactions = interactions();
        HistoryConsumer consumer = new HistoryConsumer(Topics.CLEAN_EVENTS.name(), 2);
        var serializer = Topics.CLEAN_EVENTS.valueSerde().serializer();
        for (var i : interactions) {
            CleanEvent e = ProfileReplay.toEvent(i);
            consumer.append(Math.floorMod(e.userKey().hashCode(), 2), i.timeMs(), serializer.serialize("t", e));
        }
        consumer.append(0, interactions.get(0).timeMs(), "{\"schemaVersion\":".getBytes());
        return consumer;
    }

    private int run(List<String> args) throws Exception {
        return run(args, topic(), new HistoryConsumer(Topics.ERASURES.name(), 2));
    }

    /** Runs with {@code clean} as the clean-events topic and {@code erasures} as the erasures topic (read in that order). */
    private int run(List<String> args, HistoryConsumer clean, HistoryConsumer erasures) {
        CommandLine cli = TrainerCli.commandLine();
        java.util.Iterator<HistoryConsumer> consumers = List.of(clean, erasures).iterator();
        ((SegmentsCommand) cli.getSubcommands().get("segments").getCommand()).consumers = config -> {
            consumerConfigs.add(config);
            return consumers.next();
        };
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args.toArray(String[]::new));
    }

    private List<String> fromTopic(String... more) {
        List<String> args = new ArrayList<>(List.of("segments", "--from-topic", "--bootstrap-servers", "kafka:9092",
                "--consumer-property", "security.protocol=SASL_SSL", "--since", "2000-01-01T00:00:00Z",
                "--k-min", "2", "--k-max", "3", "--categories", "5", "--ledger", dir.resolve("ledger.jsonl").toString(),
                "--budget", "2.0", "--epsilon", "0.1", "--models-dir", dir.resolve("segments").toString()));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void shouldPublishEachRefitAsANewVersionAndKeepThePinnedOne() throws Exception {
        Path models = dir.resolve("segments");

        assertThat(run(fromTopic("--model-version", "20261128T031500Z-segments"))).as(err.toString()).isEqualTo(0);
        Files.writeString(models.resolve(ModelsDirectory.CURRENT_FILE), "20261128T031500Z-segments\n");
        assertThat(run(fromTopic("--model-version", "20261129T031500Z-segments"))).as(err.toString()).isEqualTo(0);
        assertThat(run(fromTopic("--model-version", "20261130T031500Z-segments", "--keep", "1"))).as(err.toString())
                .isEqualTo(0);

        assertThat(ModelsDirectory.versions(models)).containsExactly("20261128T031500Z-segments", "20261130T031500Z-segments");
        try (Stream<Path> files = Files.list(models)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "20261128T031500Z-segments", "20261130T031500Z-segments", "CURRENT");
        }
        SegmentArtifact newest = SegmentArtifact.read(models.resolve("20261130T031500Z-segments"));
        assertThat(newest.modelVersion()).isEqualTo("20261130T031500Z-segments");
        // The same 39 users the file path finds in these events (SegmentsCommandTest).
        assertThat(newest.training()).containsEntry("users", 39);
        @SuppressWarnings("unchecked")
        Map<String, Object> input = (Map<String, Object>) newest.training().get("input");
        assertThat(input).containsEntry("topic", "profilestream.events.clean.v1").containsEntry("undecodableSkipped", 1)
                .containsEntry("beforeSinceSkipped", 0).containsEntry("events", 1113); // the importer keeps 1,113 of the 1,200
        assertThat(err.toString()).contains("removed 1 older version(s) of " + models + " (--keep 1): 20261129T031500Z-segments");
        assertThat(err.toString().lines().filter(l -> l.startsWith("topic profilestream.events"))).hasSize(3).containsOnly(
                "topic profilestream.events.clean.v1: 1113 events since 2000-01-01T00:00:00Z up to end offsets {0=547, 1=567}; "
                        + "0 records before it skipped; 1 undecodable skipped (partition 0 offset 546: not a valid CleanEvent "
                        + "on topic profilestream.events.clean.v1: Unexpected end-of-input within/between Object entries)");
        // Three runs of four releases each, all in the one ledger.
        assertThat(Files.readAllLines(dir.resolve("ledger.jsonl"))).hasSize(12);
        assertThat(consumerConfigs).hasSize(6).allSatisfy(c -> assertThat(c)
                .containsEntry("bootstrap.servers", "kafka:9092").containsEntry("isolation.level", "read_committed")
                .containsEntry("security.protocol", "SASL_SSL").doesNotContainKey("group.id"));
    }

    @Test
    void shouldLeaveOutTheErasedPastOfEachUserEvenForAnErasureOlderThanSince() throws Exception {
        List<Interaction> all = interactions();
        java.util.TreeMap<String, List<Long>> times = new java.util.TreeMap<>();
        all.forEach(i -> times.computeIfAbsent(i.userId(), u -> new ArrayList<>()).add(i.timeMs()));
        times.values().forEach(java.util.Collections::sort);
        List<String> users = new ArrayList<>(times.keySet());
        List<Long> sorted = all.stream().map(Interaction::timeMs).sorted().toList();
        long since = sorted.get(sorted.size() / 4);
        // A: erased at their third event in the window, their later events (they came back) kept.
        String a = users.stream().filter(u -> times.get(u).stream().filter(t -> t >= since).count() >= 5).findFirst().orElseThrow();
        List<Long> aInWindow = times.get(a).stream().filter(t -> t >= since).toList();
        long aErasedAt = aInWindow.get(2);
        // B: erased after their last event: gone from the model.
        String b = users.stream().filter(u -> !u.equals(a) && times.get(u).stream().anyMatch(t -> t >= since)).findFirst()
                .orElseThrow();
        long bErasedAt = times.get(b).get(times.get(b).size() - 1) + 1;
        // C: erased before --since (record and request both); one event sent before it, delivered in the window.
        String c = users.stream().filter(u -> !u.equals(a) && !u.equals(b)
                && times.get(u).stream().anyMatch(t -> t >= since)).findFirst().orElseThrow();
        long cErasedAt = since - 60_000;
        HistoryConsumer clean = topic();
        CleanEvent late = new CleanEvent(1, "late", c, null, null, io.profilestream.model.event.EventType.VIEW, "late-item",
                "late-category", null, null, null, null, null, null, null, Instant.ofEpochMilli(cErasedAt - 60_000));
        clean.append(Math.floorMod(c.hashCode(), 2), since + 1, c, Topics.CLEAN_EVENTS.valueSerde().serializer().serialize("t", late));
        var serializer = Topics.ERASURES.valueSerde().serializer();
        HistoryConsumer erasures = new HistoryConsumer(Topics.ERASURES.name(), 2)
                .append(Math.floorMod(c.hashCode(), 2), cErasedAt, c, serializer.serialize("t",
                        new io.profilestream.model.erasure.ErasureCommand("r-c", c, "k1", Instant.ofEpochMilli(cErasedAt))))
                .append(Math.floorMod(a.hashCode(), 2), aErasedAt, a, serializer.serialize("t",
                        new io.profilestream.model.erasure.ErasureCommand("r-a", a, "k1", Instant.ofEpochMilli(aErasedAt))))
                .append(Math.floorMod(b.hashCode(), 2), bErasedAt, b, serializer.serialize("t",
                        new io.profilestream.model.erasure.ErasureCommand("r-b", b, "k1", Instant.ofEpochMilli(bErasedAt))));
        List<String> args = fromTopic("--model-version", "v1");
        args.set(args.indexOf("2000-01-01T00:00:00Z"), Instant.ofEpochMilli(since).toString());

        assertThat(run(args, clean, erasures)).as(err.toString()).isEqualTo(0);

        // The window: 835 generated events of 38 users, and C's late one. A keeps the events after their erasure.
        assertThat(times.values().stream().filter(t -> t.stream().anyMatch(x -> x >= since)).count()).isEqualTo(38);
        assertThat(aInWindow).hasSize(31);
        assertThat(times.get(b).stream().filter(t -> t >= since).count()).isEqualTo(74);
        // Dropped: A's first 3, all 74 of B, C's late event: 78. Users: 38 less B.
        assertThat(err.toString()).contains("topic profilestream.events.clean.v1: 836 events since "
                + Instant.ofEpochMilli(since) + " up to end offsets {0=548, 1=567}; 263 records before it skipped; "
                + "0 undecodable skipped" + System.lineSeparator()
                + "topic profilestream.erasures.v1: 3 erasure commands of 3 users from the beginning up to end offsets "
                + "{0=2, 1=1}; 0 unusable skipped" + System.lineSeparator()
                + "37 users; 0 events not profiled for want of consent; 78 events of 3 erased users dropped"
                + System.lineSeparator());
        SegmentArtifact artifact = SegmentArtifact.read(dir.resolve("segments").resolve("v1"));
        assertThat(artifact.training()).containsEntry("users", 37);
        @SuppressWarnings("unchecked")
        Map<String, Object> input = (Map<String, Object>) artifact.training().get("input");
        assertThat(input).containsEntry("events", 836);
        assertThat(input.get("erasures")).isEqualTo(Map.of("topic", "profilestream.erasures.v1", "since", "beginning",
                "endOffsets", Map.of("0", 2, "1", 1), "commands", 3, "usersErased", 3, "unusableSkipped", 0,
                "usersWithEventsDropped", 3, "eventsDropped", 78));
        // Counts only: no user key anywhere in what the run wrote.
        String written = Files.readString(dir.resolve("segments").resolve("v1").resolve(SegmentArtifact.FILE));
        assertThat(written).doesNotContain(a, b, c);
    }

    @Test
    void shouldRefuseBeforeChargingTheLedgerWhenTheVersionCannotBePublished() throws Exception {
        Path ledger = dir.resolve("ledger.jsonl");
        assertThat(run(fromTopic("--model-version", "v1"))).as(err.toString()).isEqualTo(0);
        byte[] charged = Files.readAllBytes(ledger);
        assertThat(Files.readAllLines(ledger)).hasSize(4);
        Path notADirectory = Files.writeString(dir.resolve("a-file"), "x");

        err.getBuffer().setLength(0);
        assertThat(run(fromTopic("--model-version", "v1"))).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("error: model version already exists: " + dir.resolve("segments").resolve("v1")
                + System.lineSeparator());
        List<String> unwritable = fromTopic("--model-version", "v2");
        unwritable.set(unwritable.indexOf(dir.resolve("segments").toString()), notADirectory.resolve("segments").toString());
        err.getBuffer().setLength(0);
        assertThat(run(unwritable)).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: cannot publish into " + notADirectory.resolve("segments") + ": ");
        err.getBuffer().setLength(0);
        List<String> tooFewUsers = fromTopic("--model-version", "v3");
        tooFewUsers.set(tooFewUsers.indexOf("--k-max") + 1, "40");
        assertThat(run(tooFewUsers)).isEqualTo(1);
        assertThat(err.toString()).endsWith("39 users with an event by 2026-01-05T08:23:17.568Z" + System.lineSeparator()
                + "error: only 39 users: fewer than --k-max 40" + System.lineSeparator());

        assertThat(Files.readAllBytes(ledger)).isEqualTo(charged);
        assertThat(ModelsDirectory.versions(dir.resolve("segments"))).containsExactly("v1");
        // The first two were refused before the topics were read: one run's two consumers, then the third run's two.
        assertThat(consumerConfigs).hasSize(4);
    }

    @Test
    void shouldNameTheDefaultVersionByUtcTimeFirst() throws Exception {
        assertThat(run(fromTopic())).as(err.toString()).isEqualTo(0);

        assertThat(ModelsDirectory.versions(dir.resolve("segments"))).singleElement().asString()
                .matches("\\d{8}T\\d{6}Z-segments");
    }

    @Test
    void shouldTakeTheChurnLevelFromTheCurrentVersionOfAChurnModelsDirectory() throws Exception {
        Path churn = dir.resolve("churn");
        for (String version : List.of("20261129T031000Z-churn", "20261130T031000Z-churn")) {
            int n = ChurnFeatures.NAMES.size();
            ChurnArtifact artifact = new ChurnArtifact(ChurnArtifact.FORMAT_VERSION, version, Instant.EPOCH, 48,
                    ChurnFeatures.NAMES, new double[n], filled(n, 1), new double[n], 0.0,
                    new ChurnArtifact.Fold(FOLD.sessionGap(), FOLD.affinityHalfLife(), FOLD.maxAffinityEntries()), Map.of());
            ModelsDirectory.publish(churn, version, artifact::write);
        }
        Files.writeString(churn.resolve(ModelsDirectory.CURRENT_FILE), "20261129T031000Z-churn");

        assertThat(run(fromTopic("--churn-model", churn.toString(), "--model-version", "v1"))).as(err.toString()).isEqualTo(0);

        SegmentArtifact artifact = SegmentArtifact.read(dir.resolve("segments").resolve("v1"));
        assertThat(artifact.training()).containsEntry("churnModel", "20261129T031000Z-churn");
        // A bias of 0 and zero weights: every user has churn probability 0.5.
        assertThat(artifact.segments()).extracting(s -> s.churnLevel()).doesNotContain("unknown");
        assertThat(Files.readAllLines(dir.resolve("ledger.jsonl"))).hasSize(5);
    }

    @Test
    void shouldFitWithChurnLevelUnknownWhileNoChurnModelIsPublishedYet() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("churn-empty"));
        Path notYet = dir.resolve("churn-not-created");

        assertThat(run(fromTopic("--churn-model", empty.toString(), "--model-version", "v1"))).as(err.toString()).isEqualTo(0);
        assertThat(run(fromTopic("--churn-model", notYet.toString(), "--model-version", "v2"))).as(err.toString()).isEqualTo(0);

        for (String version : List.of("v1", "v2")) {
            SegmentArtifact artifact = SegmentArtifact.read(dir.resolve("segments").resolve(version));
            assertThat(artifact.training()).doesNotContainKey("churnModel");
            assertThat(artifact.segments()).extracting(s -> s.churnLevel()).containsOnly("unknown");
        }
        assertThat(err.toString()).contains("no churn model published in " + empty + " yet: segments get churn level unknown",
                "no churn model published in " + notYet + " yet: segments get churn level unknown");
        // Four releases per fit: no churn histogram without a churn model.
        assertThat(Files.readAllLines(dir.resolve("ledger.jsonl"))).hasSize(8);
    }

    @Test
    void shouldRefuseAChurnModelPathWhoseParentDoesNotExist() throws Exception {
        Path typo = dir.resolve("no-such-mount").resolve("churn");

        assertThat(run(fromTopic("--churn-model", typo.toString(), "--model-version", "v1"))).isNotZero();

        assertThat(Files.exists(dir.resolve("ledger.jsonl"))).isFalse();
        assertThat(dir.resolve("segments").resolve("v1")).doesNotExist();
    }

    @Test
    void shouldRefuseAFileAndTheTopicTogether() throws Exception {
        int exit = run(List.of("segments", "-i", "events.jsonl", "--from-topic", "--bootstrap-servers", "kafka:9092"));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines().findFirst()).contains("Error: (-i=FILE [--preset=NAME]) and "
                + "(--bootstrap-servers=HOST:PORT [--topic=NAME] [--consumer-property=KEY=VALUE]... (--from-topic | "
                + "(--from-profiles [--local-development-key]))) are mutually exclusive (specify only one)");
        assertThat(consumerConfigs).isEmpty();
    }

    @Test
    void shouldRefuseTheTopicWithoutBootstrapServers() throws Exception {
        int exit = run(List.of("segments", "--from-topic"));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines().findFirst()).contains("Error: Missing required argument(s): --bootstrap-servers=HOST:PORT");
    }

    private static double[] filled(int n, double value) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, value);
        return a;
    }
}
