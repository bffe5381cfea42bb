package io.profilestream.ml.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Dl4jChurnTrainerTest {

    private static final int N = ChurnFeatures.NAMES.size();

    /** Feature 0 decides the label (>= 2 churned); feature 1 is the same for everyone. */
    private static double[][] rows() {
        double[][] x = new double[8][N];
        for (int i = 0; i < 8; i++) {
            x[i][0] = i * 0.5;
            x[i][1] = 7.0;
        }
        return x;
    }

    private static boolean[] labels() {
        boolean[] y = new boolean[8];
        for (int i = 0; i < 8; i++) {
            y[i] = i * 0.5 >= 2.0;
        }
        return y;
    }

    @Test
    void shouldStoreTheTrainingMeanAndPopulationSdAndLearnThePredictiveDirection() {
        Dl4jChurnTrainer.Fit fit = Dl4jChurnTrainer.train(rows(), labels(), new Dl4jChurnTrainer.Config(300, 0.05, 0.0, 7));

        // Feature 0 is 0, 0.5, ..., 3.5: mean 1.75, population variance 1.3125; a constant keeps scale 1.
        assertThat(fit.mean()[0]).isEqualTo(1.75);
        assertThat(fit.scale()[0]).isEqualTo(Math.sqrt(1.3125));
        assertThat(fit.mean()[1]).isEqualTo(7.0);
        assertThat(fit.scale()[1]).isEqualTo(1.0);
        assertThat(fit.weights()[0]).isPositive();

        LogisticChurnModel model = new LogisticChurnModel(new ChurnArtifact(ChurnArtifact.FORMAT_VERSION, "t",
                Instant.EPOCH, 48, ChurnFeatures.NAMES, fit.mean(), fit.scale(), fit.weights(), fit.bias(), null, Map.of()));
        double[][] x = rows();
        for (int i = 0; i < x.length; i++) {
            assertThat(model.probability(x[i]) > 0.5).as("row %d", i).isEqualTo(labels()[i]);
        }
    }

    @Test
    void shouldRefuseASingleClassBecauseThereIsNothingToLearn() {
        assertThatThrownBy(() -> Dl4jChurnTrainer.train(rows(), new boolean[8], Dl4jChurnTrainer.Config.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("all 8 training users have the same label: nothing to learn");
    }
}
