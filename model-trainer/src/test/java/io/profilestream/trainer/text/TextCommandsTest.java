package io.profilestream.trainer.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.generator.ClickstreamGenerator;
import io.profilestream.generator.GeneratorSettings;
import io.profilestream.ml.text.QueryInterests;
import io.profilestream.ml.text.Sentiment;
import io.profilestream.ml.text.SentimentModel;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.serde.Json;
import io.profilestream.trainer.TrainerCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sentiment} and {@code query-interests} through the command line, on literal and generated data. */
class TextCommandsTest {

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

    private static String review(int stars, String text, long time) {
        return "{\"overall\": " + stars + ".0, \"reviewText\": \"" + text + "\", \"unixReviewTime\": " + time + "}";
    }

    private static String row(String name, double macroF1, double balanced, double accuracy, double neg, double neu,
                              double pos, double sd) {
        return String.format(Locale.ROOT, "%-30s %8.4f %8.4f %8.4f %8.4f %8.4f %8.4f %9.4f", name, macroF1, balanced,
                accuracy, neg, neu, pos, sd);
    }

    @Test
    void shouldEvaluateBaselinesAndDl4jModelsInOneRunAndExportTheModel() throws Exception {
        List<String> lines = new ArrayList<>();
        String[] positive = {"I love it", "great product", "love the smell", "works great", "great value", "love love love",
                "really great stuff", "my favorite cream"};
        for (int i = 0; i < positive.length; i++) {
            lines.add(review(5, positive[i], i));
        }
        lines.add(review(3, "it is okay", 10));
        lines.add(review(3, "okay but average", 11));
        lines.add(review(1, "awful smell", 12));
        lines.add(review(2, "broke and awful", 13));
        lines.add(review(4, "I LOVE it!", 14));
        Path input = dir.resolve("reviews.json");
        Files.write(input, lines);
        Path model = dir.resolve("model");
        Path json = dir.resolve("sentiment.json");

        int code = run("sentiment", "-i", input.toString(), "--folds", "2", "--epochs", "30", "--min-documents", "1",
                "--out", model.toString(), "--model-version", "t1", "--json", json.toString());

        assertThat(code).as(err.toString()).isEqualTo(0);
        String text = out.toString();
        assertThat(text).startsWith(String.format("reviews: 13 lines -> 12 distinct texts (1 duplicates, 0 empty, "
                + "0 with conflicting classes); negative 2, neutral 2, positive 8%n"
                + "split: 2-fold stratified cross-validation, seed 42%n"));
        // majority: positive always; each fold has 4 positive, 1 neutral, 1 negative: F1(pos) = 0.8, macro 0.8 / 3
        assertThat(text).contains(row("majority", 0.8 / 3, 1.0 / 3, 8.0 / 12, 0, 0, 1, 0));
        assertThat(text).contains(row("lexicon", 1, 1, 1, 1, 1, 1, 0));
        assertThat(text).contains("confusion matrix, dl4j-embbag-uni+bi-unweighted (rows actual, columns predicted):");
        assertThat(text).contains(String.format("exported %s (dl4j-embbag-uni, ", model.toAbsolutePath()));

        SentimentModel loaded = SentimentModel.load(model);
        assertThat(loaded.version()).isEqualTo("t1");
        assertThat(loaded.score("love love love").label()).isEqualTo(Sentiment.POSITIVE);
        JsonNode results = Json.mapper().readTree(json.toFile());
        assertThat(results.get("results").findValuesAsText("model")).containsExactly("majority", "lexicon",
                "dl4j-embbag-uni", "dl4j-embbag-uni+bi", "dl4j-embbag-uni+bi-unweighted");
        assertThat(results.get("results").get(0).get("confusion").toString()).isEqualTo("[[0,0,2],[0,0,2],[0,0,8]]");
        assertThat(results.get("run").get("distinctTexts").asInt()).isEqualTo(12);
    }

    @Test
    void shouldRefuseAnExistingOutputDirectoryBeforeTraining() throws Exception {
        Path model = Files.createDirectories(dir.resolve("model"));

        assertThat(run("sentiment", "-i", dir.resolve("none.json").toString(), "--out", model.toString())).isEqualTo(2);

        assertThat(err.toString()).startsWith("--out " + model + " exists already; give a new directory");
    }

    @Test
    void shouldLearnQueryInterestsFromGeneratedSessionsAndExportThem() throws Exception {
        ClickstreamGenerator generator = new ClickstreamGenerator(GeneratorSettings.defaults(42, 50, 200), "t");
        Path events = dir.resolve("events.jsonl");
        List<String> lines = new ArrayList<>();
        for (RawEvent e : generator.take(5000)) {
            lines.add(Json.mapper().writeValueAsString(e));
        }
        Files.write(events, lines);
        Path model = dir.resolve("qi");
        Path json = dir.resolve("qi.json");

        int code = run("query-interests", "-i", events.toString(), "--out", model.toString(), "--model-version", "q1",
                "--json", json.toString());

        assertThat(code).as(err.toString()).isEqualTo(0);
        assertThat(out.toString()).startsWith("events: 5000 (");
        assertThat(out.toString()).contains(String.format("%nranker            acc@1    acc@3      MRR  coverage%n"
                + "popularity "));
        QueryInterests loaded = QueryInterests.load(model);
        assertThat(loaded.version()).isEqualTo("q1");
        assertThat(loaded.categories("smart tv").keySet().iterator().next()).isEqualTo("electronics.video.tv");
        assertThat(loaded.categories("no such words")).isEmpty();
        JsonNode results = Json.mapper().readTree(json.toFile()).get("results");
        assertThat(results.fieldNames()).toIterable().containsExactly("popularity", "last-viewed", "query-tokens");
        assertThat(results.get("query-tokens").get("accuracyAt1").asDouble())
                .isGreaterThan(results.get("popularity").get("accuracyAt1").asDouble());
    }
}
