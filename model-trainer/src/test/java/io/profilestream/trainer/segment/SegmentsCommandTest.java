package io.profilestream.trainer.segment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.generator.ClickstreamGenerator;
import io.profilestream.generator.GeneratorSettings;
import io.profilestream.ml.segment.NearestCentroidSegmentModel;
import io.profilestream.ml.segment.SegmentArtifact;
import io.profilestream.ml.segment.SegmentModel;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.serde.Json;
import io.profilestream.trainer.TrainerCli;
import io.profilestream.trainer.data.ImportSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code segments} command end to end on generated events, with a file ledger. */
class SegmentsCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(List<String> args) {
        CommandLine cli = TrainerCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args.toArray(String[]::new));
    }

    private static List<RawEvent> generated() {
        return new ClickstreamGenerator(GeneratorSettings.defaults(5, 40, 200), "seg").take(1200);
    }

    /** 1,200 generated events of (up to) 40 users, as 'generate' writes them. */
    private Path events() throws Exception {
        StringBuilder jsonl = new StringBuilder();
        for (RawEvent e : generated()) {
            jsonl.append(Json.mapper().writeValueAsString(e)).append('\n');
        }
        return Files.writeString(dir.resolve("events.jsonl"), jsonl);
    }

    private List<String> args(Path input, String budget, String outDir) {
        return List.of("segments", "-i", input.toString(), "--preset", ImportSettings.PROFILESTREAM, "--k-min", "2",
                "--k-max", "3", "--categories", "5", "--ledger", dir.resolve("ledger.jsonl").toString(),
                "--budget", budget, "--epsilon", "0.1", "--out", dir.resolve(outDir).toString(),
                "--json", dir.resolve(outDir + ".json").toString());
    }

    @Test
    void shouldFitReportAndWriteAModelWhoseFourReleasesAreInTheLedger() throws Exception {
        Path input = events();

        assertThat(run(args(input, "1.0", "model"))).as(err.toString()).isEqualTo(0);

        assertThat(out.toString()).startsWith("  k | k-means sil       DB | random sil       DB | recency sil       DB | smallest");
        assertThat(Files.readAllLines(dir.resolve("ledger.jsonl"))).hasSize(4);
        SegmentArtifact artifact = ((NearestCentroidSegmentModel) SegmentModel.load(dir.resolve("model"))).artifact();
        JsonNode report = Json.mapper().readTree(dir.resolve("model.json").toFile());
        assertThat(artifact.k()).isEqualTo(report.path("chosenK").asInt());
        assertThat(artifact.categories()).hasSize(5);
        // 39: one of the 40 generated users has no event among the first 1,200.
        assertThat(report.path("users").asInt()).isEqualTo(39)
                .isEqualTo((int) generated().stream().map(RawEvent::userId).distinct().count());
        assertThat(report.path("quality")).hasSize(2);
        assertThat(artifact.segments()).extracting(s -> s.churnLevel()).containsOnly("unknown");
        assertThat(artifact.privacy().get("notCovered").toString()).startsWith("categories, mean, scale, weight, centroids");
    }

    @Test
    void shouldStopWithoutAModelWhenTheBudgetRunsOut() throws Exception {
        Path input = events();
        assertThat(run(args(input, "1.0", "first"))).isEqualTo(0);

        // 0.4 of the period's budget is spent: with a budget of 0.5 the sizes fit, the top categories do not.
        int exit = run(args(input, "0.5", "second"));

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("privacy budget exhausted: release 'segment-top-categories' requests "
                + "epsilon 0.1 but 0.5 of the budget of 0.5 per PT24H is spent");
        assertThat(Files.readAllLines(dir.resolve("ledger.jsonl"))).hasSize(5);
        assertThat(dir.resolve("second")).doesNotExist();
    }
}
