package io.profilestream.ml.serving;

import io.profilestream.ml.hybrid.TopN;
import io.profilestream.ml.lstm.LstmStep;
import io.profilestream.ml.lstm.LstmWeights;
import io.profilestream.ml.testing.TestModels;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExactRetrieverTest {

    @Test
    void shouldReturnTheSameTopListAsAFullScanOfTheLstmScores() {
        LstmWeights w = TestModels.randomWeights(203, 4, 7, 11L);
        ExactRetriever retriever = new ExactRetriever(w);
        Random r = new Random(5);
        for (int q = 0; q < 20; q++) {
            float[] h = new float[7];
            for (int k = 0; k < h.length; k++) {
                h[k] = (float) r.nextGaussian();
            }
            float[] all = new float[203];
            LstmStep.scores(w, h, all);

            assertThat(retriever.top(h, 25, i -> false)).containsExactly(TopN.of(all, 25, false));
            assertThat(retriever.top(h, 1, i -> false)).containsExactly(TopN.of(all, 1, false));
        }
    }

    @Test
    void shouldScoreBitIdenticallyToLstmStepScores() {
        LstmWeights w = TestModels.randomWeights(9, 4, 6, 2L);
        float[] h = {0.3f, -1.2f, 0.7f, 0.01f, 2.5f, -0.4f};
        float[] all = new float[9];
        LstmStep.scores(w, h, all);
        for (int j = 0; j < 9; j++) {
            assertThat(LstmStep.score(w, h, j)).isEqualTo(all[j]);
        }
    }

    @Test
    void shouldBreakTiesByTheLowerIndexAndNeverReturnExcludedItems() {
        // hidden 1, h = [1]: score of item j = w_j + b_j; items 1, 3 and 4 tie at 2.
        float[] out = {1f, 1f, 0f, 1f, 1f, 0f};
        float[] bias = {0f, 1f, 0f, 1f, 1f, 3f};
        LstmWeights w = new LstmWeights(6, 1, 1, new float[6], new float[4], new float[4], new float[4], out, bias);
        ExactRetriever retriever = new ExactRetriever(w);
        float[] h = {1f};

        assertThat(retriever.top(h, 3, i -> false)).containsExactly(5, 1, 3);
        assertThat(retriever.top(h, 3, i -> i == 5 || i == 3)).containsExactly(1, 4, 0);
        assertThat(retriever.top(h, 10, i -> i != 2)).containsExactly(2);
        assertThat(retriever.top(h, 0, i -> false)).isEmpty();
    }

    @Test
    void shouldRefuseAProfileVectorOfAnotherSize() {
        ExactRetriever retriever = new ExactRetriever(TestModels.randomWeights(5, 2, 3, 1L));
        assertThatThrownBy(() -> retriever.top(new float[4], 2, i -> false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("profile vector has 4 values, the model 3");
    }
}
