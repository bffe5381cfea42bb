package io.profilestream.ml.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.profilestream.ml.artifact.ModelArtifactException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogisticChurnModelTest {

    @TempDir
    Path dir;

    /**
     * Weight 0.5 on recency (mean 1, scale 2), -1 on has_purchased (mean 0, scale 1), bias -2,
     * every other weight 0.
     */
    static ChurnArtifact artifact(String version) {
        int n = ChurnFeatures.NAMES.size();
        double[] mean = new double[n];
        double[] scale = new double[n];
        double[] weights = new double[n];
        Arrays.fill(scale, 1.0);
        mean[ChurnFeatures.RECENCY] = 1.0;
        scale[ChurnFeatures.RECENCY] = 2.0;
        weights[ChurnFeatures.RECENCY] = 0.5;
        weights[ChurnFeatures.NAMES.indexOf("has_purchased")] = -1.0;
        return new ChurnArtifact(ChurnArtifact.FORMAT_VERSION, version, Instant.parse("2025-03-05T00:00:00Z"), 48,
                ChurnFeatures.NAMES, mean, scale, weights, -2.0,
                new ChurnArtifact.Fold(Duration.ofMinutes(30), Duration.ofDays(7), 50), Map.of("note", "test"));
    }

    @Test
    void shouldGiveTheHandComputedProbabilityForALiteralProfileAfterAWriteAndLoad() throws Exception {
        artifact("churn-test-1").write(dir);

        ChurnModel model = ChurnModel.load(dir);

        // z = -2 + 0.5 * (ln 25 - 1) / 2 - 1 * 1 = -2.4452809734..., p = e^z / (1 + e^z)
        double z = -2.0 + 0.5 * (Math.log1p(24) - 1.0) / 2.0 + -1.0;
        double expected = Math.exp(z) / (1.0 + Math.exp(z));
        assertThat(model.probability(ChurnFeaturesTest.profile(), ChurnFeaturesTest.AS_OF)).isEqualTo(expected);
        assertThat(expected).isCloseTo(0.07978, within(1e-5));
        assertThat(model.horizon()).isEqualTo(Duration.ofHours(48));
        assertThat(model.version()).isEqualTo("churn-test-1");
    }

    @Test
    void shouldReadBackTheFoldSettingsAndTrainingFacts() throws Exception {
        Path file = artifact("churn-test-2").write(dir);

        ChurnArtifact read = ChurnArtifact.read(file);

        assertThat(read.fold()).isEqualTo(new ChurnArtifact.Fold(Duration.ofMinutes(30), Duration.ofDays(7), 50));
        assertThat(read.training()).isEqualTo(Map.of("note", "test"));
        assertThat(read.weights()).containsExactly(artifact("x").weights());
    }

    @Test
    void shouldRiseWithTheTimeSinceTheLastEventUnderAPositiveRecencyWeight() throws Exception {
        ChurnModel model = new LogisticChurnModel(artifact("churn-test-3"));

        double dayLater = model.probability(ChurnFeaturesTest.profile(), ChurnFeaturesTest.AS_OF);
        double weekLater = model.probability(ChurnFeaturesTest.profile(), ChurnFeaturesTest.AS_OF.plus(Duration.ofDays(6)));

        assertThat(weekLater).isGreaterThan(dayLater);
    }

    @Test
    void shouldRefuseAnArtifactTrainedOnOtherFeaturesNamingTheFile() throws Exception {
        Path file = artifact("churn-test-4").write(dir);
        List<String> renamed = new ArrayList<>(ChurnFeatures.NAMES);
        renamed.set(0, "days_since_last_event");
        Files.writeString(file, Files.readString(file).replace("\"log_hours_since_last_event\"", "\"days_since_last_event\""));

        assertThatThrownBy(() -> ChurnModel.load(dir))
                .isInstanceOf(ModelArtifactException.class)
                .hasMessage(file + ": not a usable churn model: trained on features " + renamed
                        + ", but this build computes " + ChurnFeatures.NAMES + ": retrain the model with this build");
    }

    @Test
    void shouldSayHowToMakeAModelWhenTheDirectoryHasNone() {
        assertThatThrownBy(() -> ChurnModel.load(dir))
                .isInstanceOf(ModelArtifactException.class)
                .hasMessage(dir.resolve(ChurnArtifact.FILE) + ": no churn model here "
                        + "(write one with 'profilestream-trainer churn --out DIR')");
    }
}
