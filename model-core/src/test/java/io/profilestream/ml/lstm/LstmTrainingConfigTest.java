package io.profilestream.ml.lstm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LstmTrainingConfigTest {

    @Test
    void tenArgumentConstructorShouldMeanNoDecayNoWeightDecayAndNoEarlyStop() {
        LstmTrainingConfig c = new LstmTrainingConfig(8, 8, 3, 4, 0.01, 5, 0.5, 1L, 0.1, 10);
        assertThat(c.weightDecay()).isEqualTo(0.0);
        assertThat(c.learningRateDecay()).isEqualTo(0.0);
        assertThat(c.patience()).isEqualTo(0);
        assertThat(c.withEpochs(9)).isEqualTo(new LstmTrainingConfig(8, 8, 9, 4, 0.01, 5, 0.5, 1L, 0.1, 10));
    }

    @Test
    void shouldRejectOutOfRangeRegularisationAndScheduleValues() {
        assertThatThrownBy(() -> new LstmTrainingConfig(8, 8, 3, 4, 0.01, 5, 0.5, 1L, 0.1, 10, -0.1, 0, 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("weightDecay must be in [0, 1), was -0.1");
        assertThatThrownBy(() -> new LstmTrainingConfig(8, 8, 3, 4, 0.01, 5, 0.5, 1L, 0.1, 10, 0, 1.0, 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("learningRateDecay must be in [0, 1), was 1.0");
        assertThatThrownBy(() -> new LstmTrainingConfig(8, 8, 3, 4, 0.01, 5, 0.5, 1L, 0.1, 10, 0, 0, -1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("patience must be >= 0, was -1");
    }
}
