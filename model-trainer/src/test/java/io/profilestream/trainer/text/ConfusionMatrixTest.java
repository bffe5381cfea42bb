package io.profilestream.trainer.text;

import static io.profilestream.ml.text.Sentiment.NEGATIVE;
import static io.profilestream.ml.text.Sentiment.NEUTRAL;
import static io.profilestream.ml.text.Sentiment.POSITIVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.profilestream.ml.text.Sentiment;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    /**
     * Rows actual, columns predicted (neg, neu, pos):
     * neg [3 1 1], neu [1 2 2], pos [0 1 9].
     */
    private static ConfusionMatrix handExample() {
        ConfusionMatrix m = new ConfusionMatrix();
        add(m, NEGATIVE, 3, 1, 1);
        add(m, NEUTRAL, 1, 2, 2);
        add(m, POSITIVE, 0, 1, 9);
        return m;
    }

    private static void add(ConfusionMatrix m, Sentiment actual, int neg, int neu, int pos) {
        for (int i = 0; i < neg; i++) {
            m.add(actual, NEGATIVE);
        }
        for (int i = 0; i < neu; i++) {
            m.add(actual, NEUTRAL);
        }
        for (int i = 0; i < pos; i++) {
            m.add(actual, POSITIVE);
        }
    }

    @Test
    void shouldComputeRecallPrecisionAndF1PerClassByHand() {
        ConfusionMatrix m = handExample();

        // recall = diagonal / row sum: 3/5, 2/5, 9/10; precision = diagonal / column sum: 3/4, 2/4, 9/12
        assertThat(m.recall(NEGATIVE)).isCloseTo(0.6, within(1e-12));
        assertThat(m.recall(NEUTRAL)).isCloseTo(0.4, within(1e-12));
        assertThat(m.recall(POSITIVE)).isCloseTo(0.9, within(1e-12));
        assertThat(m.precision(NEGATIVE)).isCloseTo(0.75, within(1e-12));
        assertThat(m.precision(NEUTRAL)).isCloseTo(0.5, within(1e-12));
        assertThat(m.precision(POSITIVE)).isCloseTo(0.75, within(1e-12));
        // F1 = 2PR / (P + R): 2/3, 4/9, 9/11
        assertThat(m.f1(NEGATIVE)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(m.f1(NEUTRAL)).isCloseTo(4.0 / 9, within(1e-12));
        assertThat(m.f1(POSITIVE)).isCloseTo(9.0 / 11, within(1e-12));
    }

    @Test
    void shouldAverageF1AndRecallOverClassesForMacroF1AndBalancedAccuracy() {
        ConfusionMatrix m = handExample();

        // (2/3 + 4/9 + 9/11) / 3 = 191/297; (0.6 + 0.4 + 0.9) / 3; 14 correct of 20
        assertThat(m.macroF1()).isCloseTo(191.0 / 297, within(1e-12));
        assertThat(m.balancedAccuracy()).isCloseTo(1.9 / 3, within(1e-12));
        assertThat(m.accuracy()).isCloseTo(0.7, within(1e-12));
        assertThat(m.total()).isEqualTo(20);
    }

    @Test
    void shouldScoreTheMajorityClassAsOneThirdBalancedAccuracyDespiteHighAccuracy() {
        ConfusionMatrix m = new ConfusionMatrix();
        add(m, NEGATIVE, 0, 0, 1);
        add(m, NEUTRAL, 0, 0, 1);
        add(m, POSITIVE, 0, 0, 8);

        // positive: P 8/10, R 1 -> F1 8/9; the other classes occur, are never predicted, F1 0
        assertThat(m.accuracy()).isCloseTo(0.8, within(1e-12));
        assertThat(m.balancedAccuracy()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(m.macroF1()).isCloseTo(8.0 / 27, within(1e-12));
    }

    @Test
    void shouldLeaveOutOfTheAveragesAClassThatNeitherOccursNorIsPredicted() {
        ConfusionMatrix m = new ConfusionMatrix();
        add(m, NEGATIVE, 1, 0, 1);
        add(m, POSITIVE, 0, 0, 2);

        // negative: P 1, R 1/2 -> 2/3; positive: P 2/3, R 1 -> 4/5; neutral absent everywhere
        assertThat(m.macroF1()).isCloseTo((2.0 / 3 + 4.0 / 5) / 2, within(1e-12));
        assertThat(m.balancedAccuracy()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void shouldPoolCountsAndPrintRowsAsActualClasses() {
        ConfusionMatrix pooled = new ConfusionMatrix();
        pooled.addAll(handExample());
        pooled.addAll(handExample());

        assertThat(pooled.counts()).isEqualTo(new long[][] {{6, 2, 2}, {2, 4, 4}, {0, 2, 18}});
        assertThat(pooled.table()).isEqualTo(
                "actual\\pred     negative   neutral  positive\n"
                        + "negative               6         2         2\n"
                        + "neutral                2         4         4\n"
                        + "positive               0         2        18\n");
    }
}
