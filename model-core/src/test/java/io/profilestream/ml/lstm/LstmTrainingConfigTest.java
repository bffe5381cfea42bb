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
        assertThat(c.repeatHead()).isFalse();
        assertThat(c.cooccurrenceInit()).isEqualTo(0.0);
        assertThat(c.categoryEmbedding()).isFalse();
        assertThat(c.withEpochs(9)).isEqualTo(new LstmTrainingConfig(8, 8, 9, 4, 0.01, 5, 0.5, 1L, 0.1, 10));
    }

    @Test
    void shouldRejectOutOfRangeRegularisationAndScheduleValues() {
        assertThatThrownBy(() -> new LstmTrainingConfig(8, 8, 3, 4, 0.01, 5, 0.5, 1L, 0.1, 10, -0.1, 0, 0, false, 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("weightDecay must be in [0, 1), was -0.1");
        assertThatThrownBy(() -> new LstmTrainingConfig(8, 8, 3, 4, 0.01, 5, 0.5, 1L, 0.1, 10, 0, 1.0, 0, false, 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("learningRateDecay must be in [0, 1), was 1.0");
        assertThatThrownBy(() -> new LstmTrainingConfig(8, 8, 3, 4, 0.01, 5, 0.5, 1L, 0.1, 10, 0, 0, -1, false, 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("patience must be >= 0, was -1");
        assertThatThrownBy(() -> new LstmTrainingConfig(8, 8, 3, 4, 0.01, 5, 0.5, 1L, 0.1, 10, 0, 0, 0, false, Double.NaN, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cooccurrenceInit must be >= 0 (0 = random start), was NaN");
    }

    @Test
    void withCooccurrenceInitShouldChangeOnlyTheEmbeddingStart() {
        LstmTrainingConfig d = LstmTrainingConfig.defaults();
        assertThat(d.cooccurrenceInit()).isEqualTo(0.2);
        assertThat(d.withCooccurrenceInit(0).withCooccurrenceInit(0.2)).isEqualTo(d);
        assertThat(d.withCooccurrenceInit(0).cooccurrenceInit()).isEqualTo(0.0);
    }

    @Test
    void withCategoryEmbeddingShouldChangeOnlyTheCategoryRows() {
        LstmTrainingConfig d = LstmTrainingConfig.defaults();
        assertThat(d.categoryEmbedding()).isTrue();
        assertThat(d.withCategoryEmbedding(false).categoryEmbedding()).isFalse();
        assertThat(d.withCategoryEmbedding(false).withCategoryEmbedding(true)).isEqualTo(d);
    }
}
