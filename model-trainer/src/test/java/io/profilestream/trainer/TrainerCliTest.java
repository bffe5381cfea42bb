package io.profilestream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.model.serde.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainerCliTest {

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
     * GRU4Rec-style TSV: day 0 has training sessions 1-3, day 1 (starting within the last day) test sessions 4-5.
     * Training clicks: A 3, B 3, C 2, D 1 -> vocabulary A B C D (first appearance).
     */
    private Path gru4recFile() throws Exception {
        Path file = dir.resolve("clicks.tsv");
        Files.writeString(file, String.join("\n",
                "SessionId\tItemId\tTime",
                "1\tA\t1000", "1\tB\t1010", "1\tC\t1020",
                "2\tB\t2000", "2\tA\t2010",
                "3\tA\t3000", "3\tB\t3010", "3\tC\t3020", "3\tD\t3030",
                "4\tC\t90000", "4\tA\t90010", "4\tZ\t90020", "4\tB\t90030",
                "5\tD\t91000", "5\tX\t91010",
                "6\tbad\tnot-a-time",
                ""));
        return file;
    }

    @Test
    void shouldImportSplitAndEvaluateThroughTheCommandLine() throws Exception {
        Path interactions = dir.resolve("interactions.tsv");
        Path rejects = dir.resolve("rejects.tsv");
        assertThat(run("import", "--input", gru4recFile().toString(), "--output", interactions.toString(),
                "--preset", "gru4rec", "--rejects", rejects.toString())).isEqualTo(0);
        assertThat(Files.readAllLines(rejects)).containsExactly(
                "17\ttime 'not-a-time' is not an ISO instant, date-time, date or epoch number\t6 bad not-a-time");
        assertThat(Files.readAllLines(interactions)).startsWith(
                "session_id\tuser_id\titem_id\ttime_ms\ttype\tcategory\tprice",
                "1\t\tA\t1000000\tview\t\t");

        assertThat(run("split", "--input", interactions.toString(), "--output-dir", dir.toString())).isEqualTo(0);
        assertThat(out.toString()).contains("train: 3 sessions, 9 events, 4 items (dropped 0 sessions shorter than 2)",
                "test:  1 sessions, 3 events (removed 2 events on items unseen in training, dropped 1 sessions shorter than 2)");

        Path predictions = dir.resolve("pred.tsv");
        Path json = dir.resolve("results.json");
        assertThat(run("evaluate", "--train", dir.resolve("train.tsv").toString(), "--test", dir.resolve("test.tsv").toString(),
                "--baselines", "POP", "--no-progress", "--predictions-out", predictions.toString(),
                "--json-out", json.toString())).isEqualTo(0);
        // Test session 4 = C A B (Z removed). POP scores A 3, B 3, C 2, D 1.
        // C -> A: rank 1 + 0 + 0.5 * 1 = 1.5; A -> B: 1.5.
        assertThat(Files.readAllLines(predictions)).containsExactly("4\t1\tA\tA,B,C,D", "4\t2\tB\tA,B,C,D");
        JsonNode result = Json.mapper().readTree(json.toFile()).get("results").get(0);
        assertThat(result.get("scorer").asText()).isEqualTo("POP");
        assertThat(result.get("predictions").asLong()).isEqualTo(2);
        assertThat(result.get("metrics").get("MRR@5").asDouble()).isEqualTo(1 / 1.5);
        assertThat(result.get("metrics").get("Recall@5").asDouble()).isEqualTo(1.0);
        assertThat(out.toString()).contains("POP").contains("0.6667");
    }

    @Test
    void shouldWriteOnePredictionsFilePerScorerWhenSeveralRun() throws Exception {
        Path interactions = dir.resolve("interactions.tsv");
        run("import", "--input", gru4recFile().toString(), "--output", interactions.toString(), "--preset", "gru4rec");
        run("split", "--input", interactions.toString(), "--output-dir", dir.toString());
        assertThat(run("evaluate", "--train", dir.resolve("train.tsv").toString(), "--test", dir.resolve("test.tsv").toString(),
                "--no-progress", "--predictions-out", dir.resolve("pred.tsv").toString())).isEqualTo(0);
        assertThat(List.of("pred.POP.tsv", "pred.item-kNN.tsv", "pred.V-SKNN.tsv"))
                .allSatisfy(name -> assertThat(Files.readAllLines(dir.resolve(name))).hasSize(2));
    }

    @Test
    void shouldExitWithTwoOnUsageErrors() throws Exception {
        Path file = gru4recFile();
        assertThat(run("import", "--input", file.toString(), "--output", dir.resolve("o.tsv").toString(),
                "--preset", "movielens")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown preset 'movielens'; known: [diginetica, gru4rec, profilestream, rees46, taobao]");
        assertThat(run("import", "--input", file.toString(), "--output", dir.resolve("o.tsv").toString(),
                "--columns", "session=SessionId,item=Item,time=Time", "--delimiter", "tab")).isEqualTo(2);
        assertThat(err.toString()).contains("column 'Item' is not in the header [SessionId, ItemId, Time]");
        assertThat(run("split", "--input", "x", "--output-dir", "y", "--test-days", "1", "--test-fraction", "0.1"))
                .isEqualTo(2);
        assertThat(run("frobnicate")).isEqualTo(2);
    }

    @Test
    void shouldExitWithOneWhenAnInputIsNotAnInteractionsFile() throws Exception {
        assertThat(run("split", "--input", gru4recFile().toString(), "--output-dir", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("not an interactions file");
    }

    @Test
    void shouldRefuseADirectoryThatNoModelLoaderAccepts() throws Exception {
        Path model = Files.createDirectory(dir.resolve("model"));
        Path interactions = dir.resolve("interactions.tsv");
        run("import", "--input", gru4recFile().toString(), "--output", interactions.toString(), "--preset", "gru4rec");
        run("split", "--input", interactions.toString(), "--output-dir", dir.toString());
        assertThat(run("evaluate", "--train", dir.resolve("train.tsv").toString(), "--test", dir.resolve("test.tsv").toString(),
                "--baselines", "none", "--model", model.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no registered model loader accepts " + model);
    }
}
