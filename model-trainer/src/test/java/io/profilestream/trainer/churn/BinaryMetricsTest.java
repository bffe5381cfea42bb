package io.profilestream.trainer.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BinaryMetricsTest {

    /**
     * Scores 0.9 (+), 0.8 (−), 0.8 (+), 0.3 (−). ROC: of the 4 positive/negative pairs, (0.9, 0.8),
     * (0.9, 0.3) and (0.8, 0.3) are ordered right and (0.8, 0.8) is a tie worth one half: 3.5 / 4.
     * AP: at 0.9 recall 1/2 with precision 1; at 0.8 (both tied rows at once) recall 2/2 with
     * precision 2/3: 1/2 · 1 + 1/2 · 2/3 = 5/6.
     */
    private static final double[] SCORES = {0.9, 0.8, 0.8, 0.3};
    private static final boolean[] LABELS = {true, false, true, false};

    @Test
    void shouldCountATiedPairAsOneHalfInRocAuc() {
        assertThat(BinaryMetrics.rocAuc(SCORES, LABELS)).isEqualTo(0.875);
    }

    @Test
    void shouldTakeTiedRowsTogetherInAveragePrecision() {
        assertThat(BinaryMetrics.averagePrecision(SCORES, LABELS)).isEqualTo(0.5 + 0.5 * (2.0 / 3.0));
    }

    @Test
    void shouldNotDependOnTheOrderOfTiedRows() {
        double[] swapped = {0.9, 0.8, 0.8, 0.3};
        boolean[] labels = {true, true, false, false};

        assertThat(BinaryMetrics.rocAuc(swapped, labels)).isEqualTo(0.875);
        assertThat(BinaryMetrics.averagePrecision(swapped, labels)).isEqualTo(0.5 + 0.5 * (2.0 / 3.0));
    }

    @Test
    void shouldGiveOneForAPerfectRankingAndZeroForAReversedOne() {
        double[] scores = {4, 3, 2, 1};
        boolean[] labels = {true, true, false, false};
        boolean[] reversed = {false, false, true, true};

        assertThat(BinaryMetrics.rocAuc(scores, labels)).isEqualTo(1.0);
        assertThat(BinaryMetrics.averagePrecision(scores, labels)).isEqualTo(1.0);
        assertThat(BinaryMetrics.rocAuc(scores, reversed)).isEqualTo(0.0);
        // Positives at ranks 3 and 4: 1/2 · 1/3 + 1/2 · 2/4.
        assertThat(BinaryMetrics.averagePrecision(scores, reversed)).isEqualTo(0.5 * (1.0 / 3.0) + 0.5 * (2.0 / 4.0));
    }

    @Test
    void shouldGiveOneHalfAndTheBaseRateWhenEveryScoreIsTied() {
        double[] scores = {1, 1, 1, 1};
        boolean[] labels = {true, false, false, false};

        assertThat(BinaryMetrics.rocAuc(scores, labels)).isEqualTo(0.5);
        assertThat(BinaryMetrics.averagePrecision(scores, labels)).isEqualTo(0.25);
    }

    @Test
    void shouldRefuseASingleClassAsUndefined() {
        assertThatThrownBy(() -> BinaryMetrics.rocAuc(new double[] {1, 2}, new boolean[] {true, true}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ranking metrics need both classes; got 2 positives of 2");
    }
}
