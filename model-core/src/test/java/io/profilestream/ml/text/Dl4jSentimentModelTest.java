package io.profilestream.ml.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.profilestream.ml.artifact.ModelArtifactException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Dl4jSentimentModelTest {

    /** Each class has its own words; the skew (6 : 2 : 2) is what class weighting must overcome. */
    private static final List<String> TEXTS = List.of(
            "great love", "love great product", "great", "love it", "great buy", "love this",
            "awful hate", "hate awful product",
            "okay average", "average okay product");
    private static final List<Sentiment> LABELS = List.of(
            Sentiment.POSITIVE, Sentiment.POSITIVE, Sentiment.POSITIVE, Sentiment.POSITIVE, Sentiment.POSITIVE,
            Sentiment.POSITIVE, Sentiment.NEGATIVE, Sentiment.NEGATIVE, Sentiment.NEUTRAL, Sentiment.NEUTRAL);
    private static final SentimentTrainingConfig CONFIG =
            new SentimentTrainingConfig(8, false, 1, 1000, 150, 10, 0.05, 0, true, 7);

    private static Dl4jSentimentModel model;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        model = Dl4jSentimentModel.train(TEXTS, LABELS, CONFIG, "test-v1");
    }

    @Test
    void shouldLearnAnObviouslySeparableCaseIncludingTheMinorityClasses() {
        List<Sentiment> predicted = new ArrayList<>();
        for (String t : List.of("great love", "awful hate", "okay average", "hate product", "average", "love")) {
            predicted.add(model.score(t).label());
        }

        assertThat(predicted).containsExactly(Sentiment.POSITIVE, Sentiment.NEGATIVE, Sentiment.NEUTRAL,
                Sentiment.NEGATIVE, Sentiment.NEUTRAL, Sentiment.POSITIVE);
    }

    @Test
    void shouldReturnProbabilitiesThatSumToOne() {
        SentimentScores s = model.score("awful product");

        assertThat(s.negative() + s.neutral() + s.positive()).isCloseTo(1.0, within(1e-6));
        assertThat(s.polarity()).isCloseTo(s.positive() - s.negative(), within(1e-12));
    }

    @Test
    void shouldComputeWhatTheDl4jNetworkComputes() {
        List<String> texts = List.of("great love", "awful product", "okay", "unknown words only", "");
        float[][] reference = model.referenceScores(texts);

        for (int i = 0; i < texts.size(); i++) {
            SentimentScores s = model.score(texts.get(i));
            assertThat(s.negative()).as(texts.get(i)).isCloseTo(reference[i][0], within(1e-5));
            assertThat(s.neutral()).as(texts.get(i)).isCloseTo(reference[i][1], within(1e-5));
            assertThat(s.positive()).as(texts.get(i)).isCloseTo(reference[i][2], within(1e-5));
        }
    }

    @Test
    void shouldWeighEachClassByItsInverseFrequency() {
        assertThat(Dl4jSentimentModel.classWeights(new int[] {1, 1, 2}, true).toFloatVector())
                .containsExactly(4f / 3, 4f / 3, 4f / 6);
        assertThat(Dl4jSentimentModel.classWeights(new int[] {0, 1, 2}, true).toFloatVector())
                .containsExactly(0f, 1f, 0.5f);
        assertThat(Dl4jSentimentModel.classWeights(new int[] {1, 1, 2}, false).toFloatVector())
                .containsExactly(1f, 1f, 1f);
    }

    @Test
    void shouldScoreTheSameAfterSaveAndLoad() throws Exception {
        Path out = model.save(dir.resolve("m"), "abc123", Map.of("macroF1", 0.9));

        SentimentModel loaded = SentimentModel.load(out);

        assertThat(loaded.version()).isEqualTo("test-v1");
        assertThat(loaded.score("hate awful")).isEqualTo(model.score("hate awful"));
        assertThat(Files.readAllLines(out.resolve(Dl4jSentimentModel.FEATURES))).isEqualTo(model.features().features());
        SentimentMetadata m = ((Dl4jSentimentModel) loaded).metadata();
        assertThat(m.trainingDataHash()).isEqualTo("abc123");
        assertThat(m.metrics()).isEqualTo(Map.of("macroF1", 0.9));
        assertThat(m.config()).isEqualTo(CONFIG);
        assertThat(m.featureCount()).isEqualTo(model.features().size());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("m");
        }
    }

    @Test
    void shouldRefuseToWriteIntoAnExistingDirectory() throws Exception {
        Files.createDirectories(dir.resolve("m"));

        assertThatThrownBy(() -> model.save(dir.resolve("m"), "h", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(dir.resolve("m").toAbsolutePath() + " exists already; give a new directory");
    }

    @Test
    void shouldRefuseAModelOfAnotherTokenizerVersion() throws Exception {
        Path out = model.save(dir.resolve("m"), "h", Map.of());
        Path meta = out.resolve(Dl4jSentimentModel.METADATA);
        Files.writeString(meta, Files.readString(meta).replace("\"tokenizerVersion\" : 1", "\"tokenizerVersion\" : 2"));

        assertThatThrownBy(() -> SentimentModel.load(out)).isInstanceOf(ModelArtifactException.class)
                .hasMessage("metadata.json: trained with tokenizer version 2 but this build tokenizes with version 1; "
                        + "retrain the model");
    }

    @Test
    void shouldRefuseFeaturesThatDoNotMatchTheNetwork() throws Exception {
        Path out = model.save(dir.resolve("m"), "h", Map.of());
        Files.writeString(out.resolve(Dl4jSentimentModel.FEATURES), "only\none\n");

        assertThatThrownBy(() -> SentimentModel.load(out)).isInstanceOf(ModelArtifactException.class)
                .hasMessage("sentiment.zip: expects " + model.features().size() + " inputs and 3 classes but features.txt has 2 "
                        + "features (metadata says " + model.features().size() + ")");
    }

    @Test
    void shouldNameAMissingDirectory() {
        assertThatThrownBy(() -> SentimentModel.load(dir.resolve("none"))).isInstanceOf(ModelArtifactException.class)
                .hasMessage(dir.resolve("none") + ": no such model directory");
    }
}
