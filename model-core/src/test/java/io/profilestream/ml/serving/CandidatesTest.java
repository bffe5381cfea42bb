package io.profilestream.ml.serving;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;

class CandidatesTest {

    private static final IntPredicate NONE = i -> false;

    @Test
    void shouldMoveTheKLargestKeysToTheFrontForAnySizeAndK() {
        Random r = new Random(1);
        for (int round = 0; round < 300; round++) {
            int n = 1 + r.nextInt(round < 100 ? 20 : 3_000);
            int k = 1 + r.nextInt(n);
            long[] a = r.longs(n).distinct().toArray();
            n = a.length;
            k = Math.min(k, n);
            if (round % 3 == 0) {
                Arrays.sort(a);
            }
            long[] expected = a.clone();
            Arrays.sort(expected);
            Candidates.selectLargest(a, n, k);

            long[] front = Arrays.copyOf(a, k);
            Arrays.sort(front);
            assertThat(front).containsExactly(Arrays.copyOfRange(expected, n - k, n));
        }
    }

    @Test
    void shouldOrderKeysByScoreThenLowerIndexAndRoundTripTheScore() {
        assertThat(Candidates.key(2f, 9)).isGreaterThan(Candidates.key(1f, 0));
        assertThat(Candidates.key(1f, 3)).isGreaterThan(Candidates.key(1f, 4));
        assertThat(Candidates.key(-1f, 0)).isGreaterThan(Candidates.key(-2f, 0));
        assertThat(Candidates.key(Float.POSITIVE_INFINITY, 0)).isGreaterThan(Candidates.key(Float.MAX_VALUE, 0));
        assertThat(Candidates.key(-0f, 5)).isEqualTo(Candidates.key(0f, 5));
        for (float f : new float[]{0f, -3.5f, 1e-40f, -Float.MAX_VALUE, Float.NEGATIVE_INFINITY, 7.25f}) {
            assertThat(Candidates.score(Candidates.key(f, 123))).isEqualTo(f);
        }
    }

    @Test
    void shouldPickTheBestItemsByScoreThenIndexSkippingMinusInfinityAndExcludedItems() {
        // 12 items in groups of 4; item 11 is padding-like (-∞).
        float[] scores = {5f, 1f, 7f, 7f, 0f, 2f, 3f, 9f, 7f, 4f, 6f, Float.NEGATIVE_INFINITY};
        float[] groupMax = {7f, 9f, 7f};

        assertThat(sorted(Candidates.best(scores, groupMax, 4, 12, 2, NONE))).containsExactly(2, 7);
        assertThat(sorted(Candidates.best(scores, groupMax, 4, 12, 3, NONE))).containsExactly(2, 3, 7);
        assertThat(sorted(Candidates.best(scores, groupMax, 4, 12, 3, i -> i == 7))).containsExactly(2, 3, 8);
        assertThat(sorted(Candidates.best(scores, groupMax, 4, 12, 20, NONE)))
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }

    @Test
    void shouldLookBelowTheGroupBoundWhenExclusionsLeaveTooFewItemsAboveIt() {
        // Bound for m = 2: the 2nd largest group maximum, 8. Excluding both items at or above it
        // leaves none, so every eligible item is considered: 5 and 6 are the best two.
        float[] scores = {9f, 1f, 5f, 8f, 2f, 6f};
        float[] groupMax = {9f, 8f, 6f};

        assertThat(sorted(Candidates.best(scores, groupMax, 2, 6, 2, i -> i == 0 || i == 3))).containsExactly(2, 5);
    }

    @Test
    void shouldMatchAFullSortOfRandomScores() {
        Random r = new Random(2);
        for (int round = 0; round < 50; round++) {
            int items = 1 + r.nextInt(2_000);
            int groups = (items + 31) / 32;
            float[] scores = new float[groups * 32];
            Arrays.fill(scores, Float.NEGATIVE_INFINITY);
            float[] groupMax = new float[groups];
            Arrays.fill(groupMax, Float.NEGATIVE_INFINITY);
            for (int j = 0; j < items; j++) {
                // Coarse values: many ties, which the index must break.
                scores[j] = r.nextInt(50) / 4f;
                groupMax[j / 32] = Math.max(groupMax[j / 32], scores[j]);
            }
            int m = 1 + r.nextInt(items);
            IntPredicate excluded = j -> j % 7 == 3;
            Integer[] order = new Integer[items];
            for (int j = 0; j < items; j++) {
                order[j] = j;
            }
            Arrays.sort(order, (a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a]) : Integer.compare(a, b));
            int[] expected = Arrays.stream(order).mapToInt(Integer::intValue).filter(j -> !excluded.test(j)).limit(m)
                    .sorted().toArray();

            assertThat(sorted(Candidates.best(scores, groupMax, 32, items, m, excluded))).containsExactly(expected);
        }
    }

    private static int[] sorted(int[] a) {
        int[] c = a.clone();
        Arrays.sort(c);
        return c;
    }
}
