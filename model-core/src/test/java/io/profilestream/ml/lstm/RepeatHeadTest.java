package io.profilestream.ml.lstm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RepeatHeadTest {

    private static final float[] RECENCY = {8f, 7f, 6f, 5f, 4f, 3f, 2f, 1f};

    @Test
    void shouldBucketDistancesZeroToFourAloneThenFiveSixThenSevenNineThenTenAndMore() {
        int[] expected = {0, 1, 2, 3, 4, 5, 5, 6, 6, 6, 7, 7, 7};
        for (int d = 0; d < expected.length; d++) {
            assertThat(RepeatHead.bucket(d)).as("distance %d", d).isEqualTo(expected[d]);
        }
        assertThat(RepeatHead.bucket(1_000)).isEqualTo(7);
        assertThatThrownBy(() -> RepeatHead.bucket(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("distance must be >= 0, was -1");
    }

    @Test
    void shouldAddTheTermOfTheNewestClickToEachDistinctSessionItemOnly() {
        float[] out = {10f, 10f, 10f, 10f, 10f};
        // clicks oldest first: 3, 1, 3, 0 -> item 0 distance 0, item 3 distance 1 (its newest), item 1 distance 2
        new RepeatHead(1f, RECENCY).apply(new int[]{3, 1, 3, 0}, 4, out);

        assertThat(out).containsExactly(18f, 16f, 10f, 17f, 10f);
    }

    @Test
    void shouldScaleEveryScoreBeforeAddingTheTerms() {
        float[] out = {1f, -2f, 3f};
        new RepeatHead(0.5f, RECENCY).apply(new int[]{2}, 1, out);

        assertThat(out).containsExactly(0.5f, -1f, 1.5f + 8f);
    }

    @Test
    void shouldAddNothingWithoutValues() {
        float[] out = {1f, 2f, 3f};
        RepeatHead.none().apply(new int[]{0, 1, 2}, 3, out);

        assertThat(RepeatHead.none().isNone()).isTrue();
        assertThat(new RepeatHead(1f, RECENCY).isNone()).isFalse();
        assertThat(new RepeatHead(2f, new float[8]).isNone()).isFalse();
        assertThat(out).containsExactly(1f, 2f, 3f);
    }

    @Test
    void shouldKeepItsOwnCopyOfTheValues() {
        float[] values = RECENCY.clone();
        RepeatHead head = new RepeatHead(1f, values);
        values[0] = 0f;
        head.recency()[1] = 0f;

        assertThat(head.recency()).containsExactly(RECENCY);
    }

    @Test
    void shouldRefuseWrongLengthsAndNonFiniteValues() {
        assertThatThrownBy(() -> new RepeatHead(0f, RECENCY))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("scale must be positive and finite, was 0.0");
        assertThatThrownBy(() -> new RepeatHead(1f, new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("recency must have 8 values, has 3");
        assertThatThrownBy(() -> new RepeatHead(1f, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("recency must have 8 values, has none");
        assertThatThrownBy(() -> new RepeatHead(1f, new float[]{0, 0, 0, Float.POSITIVE_INFINITY, 0, 0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("repeat head values must be finite, found Infinity");
    }
}
