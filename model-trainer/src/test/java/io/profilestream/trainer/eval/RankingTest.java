package io.profilestream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RankingTest {

    @Test
    void shouldRankStrictlyHigherItemsFirstAndCountOtherTiedItemsHalf() {
        // Target 0 scores 0.5; one item (0.9) is higher; three other items tie at 0.5.
        // rank = 1 + 1 + 0.5 * 3 = 3.5
        float[] scores = {0.5f, 0.9f, 0.5f, 0.5f, 0.1f, 0.5f};
        assertThat(Ranking.rank(scores, 0)).isEqualTo(3.5);
    }

    @Test
    void shouldRankAUniqueBestItemFirst() {
        assertThat(Ranking.rank(new float[] {0.1f, 0.7f, 0.2f}, 1)).isEqualTo(1.0);
        assertThat(Ranking.rank(new float[] {0.1f, 0.7f, 0.2f}, 0)).isEqualTo(3.0);
    }

    @Test
    void shouldRankATargetTiedWithEveryItemInTheMiddle() {
        // 5 items all 0: rank = 1 + 0 + 0.5 * 4 = 3
        assertThat(Ranking.rank(new float[5], 4)).isEqualTo(3.0);
    }

    @Test
    void shouldTreatNegativeInfinityAsTiedWithOtherNegativeInfinities() {
        float ninf = Float.NEGATIVE_INFINITY;
        // higher: 1.0 -> 1; equal others: one -inf -> 0.5; rank 2.5
        assertThat(Ranking.rank(new float[] {ninf, 1f, ninf}, 0)).isEqualTo(2.5);
    }

    @Test
    void shouldRefuseANanTargetScore() {
        assertThatThrownBy(() -> Ranking.rank(new float[] {Float.NaN, 1f}, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldListTopItemsBestFirstWithTiesInVocabularyOrder() {
        float[] scores = {0.2f, 0.9f, 0.5f, 0.9f, Float.NaN, 0.5f, 0.1f};
        int[] top = new int[4];
        assertThat(Ranking.top(scores, top)).isEqualTo(4);
        assertThat(top).containsExactly(1, 3, 2, 5);
    }

    @Test
    void shouldFillFewerEntriesThanRequestedForATinyVocabulary() {
        int[] top = new int[20];
        assertThat(Ranking.top(new float[] {1f, 3f, 2f}, top)).isEqualTo(3);
        assertThat(top).startsWith(1, 2, 0);
    }
}
