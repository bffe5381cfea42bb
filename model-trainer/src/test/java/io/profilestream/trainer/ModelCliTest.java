package io.profilestream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.profilestream.model.serde.Json;
import io.profilestream.trainer.data.InteractionFile;
import io.profilestream.trainer.eval.TrainingData;
import io.profilestream.trainer.train.PatternData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** train (which exports) and evaluate --model through the command line, on generated data. */
class ModelCliTest {

    @TempDir
    static Path dir;

    static Path trainFile;
    static Path testFile;
    static Path model;
    static String trainOutput;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private static final String[] SMALL = {"--embedding-size", "16", "--hidden-size", "16", "--epochs", "2",
            "--batch-size", "32", "--negatives", "5", "--candidates", "5", "--ranker-epochs", "2",
            "--ranker-hidden", "8,4"};

    @BeforeAll
    static void trainOnce() throws Exception {
        trainFile = dir.resolve("train.tsv");
        testFile = dir.resolve("test.tsv");
        InteractionFile.write(trainFile, PatternData.sessions(1, 120, 0));
        InteractionFile.write(testFile, PatternData.sessions(121, 130, 0));
        ModelCliTest t = new ModelCliTest();
        int code = t.run(args("train", "--train", trainFile.toString(), "--models-dir", dir.resolve("models").toString(),
                "--version-label", "v1"));
        trainOutput = t.out.toString();
        assertThat(code).as(t.err.toString()).isEqualTo(0);
        model = dir.resolve("models").resolve("v1");
    }

    private static String[] args(String... first) {
        List<String> all = new ArrayList<>(List.of(first));
        if (first[0].equals("train")) {
            all.addAll(List.of(SMALL));
        }
        return all.toArray(String[]::new);
    }

    private int run(String... args) {
        CommandLine cli = TrainerCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void shouldReportEveryEpochAndExportTheModel() {
        assertThat(trainOutput).contains("epoch 1/2  loss ", "epoch 2/2  loss ", " predictions/s ", "validation Recall@20 ",
                "ranker: ", "LSTM training speed: ", "refit: LSTM on all 120 training sessions for ", "refit epoch 1/",
                "repeat head: scale ");
        assertThat(trainOutput.strip()).endsWith("exported " + model);
        assertThat(model.resolve("metadata.json")).exists();
        assertThat(model.resolve("ranker.zip")).exists();
        assertThat(model.resolve("repeat.json")).exists();
    }

    @Test
    void shouldEvaluateTheModelAloneAndWithItsRankerNextToTheBaselines() throws Exception {
        Path json = dir.resolve("results.json");
        assertThat(run("evaluate", "--train", trainFile.toString(), "--test", testFile.toString(), "--model", model.toString(),
                "--no-progress", "--json-out", json.toString())).as(err.toString()).isEqualTo(0);
        List<String> scorers = new ArrayList<>();
        for (JsonNode r : Json.mapper().readTree(json.toFile()).get("results")) {
            scorers.add(r.get("scorer").asText());
            assertThat(r.get("predictions").asLong()).isEqualTo(30);
        }
        assertThat(scorers).containsExactly("POP", "item-kNN", "V-SKNN", "LSTM-net", "LSTM", "LSTM+MLP");
        List<String> compared = new ArrayList<>();
        for (JsonNode c : Json.mapper().readTree(json.toFile()).get("comparisons")) {
            compared.add(c.get("scorer").asText() + "/" + c.get("reference").asText() + "@" + c.get("k").asInt());
        }
        assertThat(compared).containsExactly("POP/V-SKNN@20", "item-kNN/V-SKNN@20", "LSTM-net/V-SKNN@20", "LSTM/V-SKNN@20",
                "LSTM+MLP/V-SKNN@20");
        assertThat(out.toString()).contains(
                "ratio to V-SKNN, 95 % interval (paired bootstrap over 10 test sessions, 2000 resamples)");
    }

    @Test
    void shouldNameTheScorersOfTwoModelsByTheirDirectories() throws Exception {
        Path copy = Files.createDirectories(dir.resolve("other").resolve("v2"));
        try (var files = Files.list(model)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Path json = dir.resolve("two.json");
        assertThat(run("evaluate", "--train", trainFile.toString(), "--test", testFile.toString(), "--model", model.toString(),
                "--model", copy.toString(), "--baselines", "V-SKNN", "--bootstrap", "0", "--no-progress",
                "--json-out", json.toString())).as(err.toString()).isEqualTo(0);
        List<String> scorers = new ArrayList<>();
        List<Double> recall = new ArrayList<>();
        for (JsonNode r : Json.mapper().readTree(json.toFile()).get("results")) {
            scorers.add(r.get("scorer").asText());
            recall.add(r.get("metrics").get("Recall@20").asDouble());
        }
        assertThat(scorers).containsExactly("V-SKNN", "LSTM-net (v1)", "LSTM (v1)", "LSTM+MLP (v1)", "LSTM-net (v2)",
                "LSTM (v2)", "LSTM+MLP (v2)");
        assertThat(recall.subList(4, 7)).isEqualTo(recall.subList(1, 4));

        assertThat(run("evaluate", "--train", trainFile.toString(), "--test", testFile.toString(), "--model", model.toString(),
                "--model", model.toString(), "--baselines", "none", "--bootstrap", "0", "--no-progress",
                "--json-out", json.toString())).as(err.toString()).isEqualTo(0);
        List<String> twice = new ArrayList<>();
        for (JsonNode r : Json.mapper().readTree(json.toFile()).get("results")) {
            twice.add(r.get("scorer").asText());
        }
        assertThat(twice).containsExactly("LSTM-net (" + model + " #1)", "LSTM (" + model + " #1)",
                "LSTM+MLP (" + model + " #1)", "LSTM-net (" + model + " #2)", "LSTM (" + model + " #2)",
                "LSTM+MLP (" + model + " #2)");
        assertThat(Json.mapper().readTree(json.toFile()).has("comparisons")).isFalse();
    }

    @Test
    void shouldRefuseAModelTrainedOnAnotherVocabularyWithExitCodeOne() throws Exception {
        // Same 10 items, first seen in another order: another fingerprint.
        Path other = dir.resolve("other-train.tsv");
        InteractionFile.write(other, PatternData.sessions(1, 120, 5));
        String expected = TrainingData.of(InteractionFile.read(other)).vocabulary().fingerprint();
        String trained = TrainingData.of(InteractionFile.read(trainFile)).vocabulary().fingerprint();
        assertThat(run("evaluate", "--train", other.toString(), "--test", testFile.toString(), "--model", model.toString(),
                "--no-progress")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("error: model v1 was trained on another item vocabulary (fingerprint " + trained
                + ", 10 items) than --train (fingerprint " + expected + ", 10 items): evaluate it with the train.tsv it was trained on"
                + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldRefuseACorruptModelWithExitCodeOne() throws Exception {
        Path copy = Files.createDirectories(dir.resolve("corrupt"));
        try (var files = Files.list(model)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Files.write(copy.resolve("ranker.zip"), new byte[]{1, 2, 3});
        assertThat(run("evaluate", "--train", trainFile.toString(), "--test", testFile.toString(), "--model", copy.toString(),
                "--no-progress")).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: ranker.zip: corrupt or modified (SHA-256 ");
    }

    @Test
    void shouldExitWithTwoWhenTheModelDirectoryIsNotAModel() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThat(run("evaluate", "--train", trainFile.toString(), "--test", testFile.toString(), "--model", empty.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("no registered model loader accepts " + empty);
    }

    @Test
    void shouldExitWithTwoOnBadTrainingOptionsAndAnExistingVersion() {
        assertThat(run(args("train", "--train", trainFile.toString(), "--models-dir", dir.resolve("m2").toString(),
                "--dropout", "1.5"))).isEqualTo(2);
        assertThat(err.toString()).contains("dropout must be in [0, 1), was 1.5");
        assertThat(run(args("train", "--train", trainFile.toString(), "--models-dir", dir.resolve("m2").toString(),
                "--validation-fraction", "1"))).isEqualTo(2);
        assertThat(err.toString()).contains("the validation fraction must be between 0 and 1 exclusive, got 1.0");
    }

    @Test
    void shouldExitWithOneWhenTheTrainingFileIsMissing() {
        Path missing = dir.resolve("missing.tsv");
        assertThat(run(args("train", "--train", missing.toString(), "--models-dir", dir.resolve("m3").toString())))
                .isEqualTo(1);
        assertThat(err.toString()).contains("error: ").contains("missing.tsv");
        assertThat(dir.resolve("m3")).doesNotExist();
    }
}
