package io.profilestream.ml.serving;

import io.profilestream.ml.NextItemModel.State;
import io.profilestream.ml.lstm.LstmStep;
import io.profilestream.ml.lstm.LstmWeights;
import io.profilestream.ml.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link QuantizedRetriever} against the reference {@link ExactRetriever}. */
class QuantizedRetrieverTest {

    /** 5,000 items × 64, Gaussian (TestModels.randomWeights): no structure to help the approximation. */
    private static final LstmWeights RANDOM = TestModels.randomWeights(5_000, 4, 64, 77L);
    private static final IntPredicate NONE = i -> false;

    @Test
    void shouldRunTheVectorisedPathWhenTheTestJvmHasTheVectorModule() {
        // Surefire starts every fork with --add-modules=jdk.incubator.vector, like the launchers.
        assertThat(QuantizedRetriever.VECTORISED).isTrue();
        assertThat(new QuantizedRetriever(RANDOM).vectorised()).isTrue();
        assertThat(new QuantizedRetriever(RANDOM).name()).isEqualTo("quantized");
    }

    @Test
    void shouldReturnExactlyTheExactTopListForEveryQueryOnARandomCatalogue() {
        Agreement a = compare(RANDOM, new QuantizedRetriever(RANDOM), 200, 100, NONE, 3L);
        // Required: identical lists for at least 99% of queries and recall@n at least 0.999. Measured: all.
        assertThat(a.identical).isEqualTo(200);
        assertThat(a.recall()).isEqualTo(1.0);
    }

    @Test
    void shouldReturnExactlyTheExactTopListWhenItemNormsDifferByOrdersOfMagnitude() {
        LstmWeights skewed = skewedNorms(RANDOM, 2.0, 8L);
        Agreement a = compare(skewed, new QuantizedRetriever(skewed), 200, 100, NONE, 4L);
        assertThat(a.identical).isEqualTo(200);
        assertThat(a.recall()).isEqualTo(1.0);
        Agreement top20 = compare(skewed, new QuantizedRetriever(skewed), 200, 20, NONE, 5L);
        assertThat(top20.identical).isEqualTo(200);
    }

    @Test
    void shouldKeepExactScoresAndOrderEvenWithoutOversampling() {
        // Oversample 1: membership is purely approximate, but whatever is returned carries the exact
        // score and ExactRetriever's order. It also shows the comparison can see misses: 140 of
        // 20,000 (recall 0.993), where oversample 2 and 4 miss none.
        Agreement a = compare(RANDOM, new QuantizedRetriever(RANDOM, 1), 200, 100, NONE, 6L);
        assertThat(a.hits).isEqualTo(19_860L);
        assertThat(a.identical).isEqualTo(83);
        assertThat(a.orderedByExactScore).isEqualTo(200);
        assertThat(compare(RANDOM, new QuantizedRetriever(RANDOM, 2), 200, 100, NONE, 6L).hits).isEqualTo(20_000L);
    }

    @Test
    void shouldGiveBitIdenticalApproximateScoresAndListsWithAndWithoutTheVectorApi() {
        QuantizedRetriever vector = new QuantizedRetriever(RANDOM, 4, true);
        QuantizedRetriever scalar = new QuantizedRetriever(RANDOM, 4, false);
        Random r = new Random(9);
        for (int q = 0; q < 50; q++) {
            float[] h = gaussian(r, 64);
            float[][] v = allApproximateScores(vector, h);
            float[][] s = allApproximateScores(scalar, h);
            assertThat(v[0]).containsExactly(s[0]);
            if (v[1].length == s[1].length) {
                // Same group size (16 vector lanes, as the scalar layout): the same maxima too.
                assertThat(v[1]).containsExactly(s[1]);
            }
            assertThat(vector.top(h, 100, NONE)).containsExactly(scalar.top(h, 100, NONE));
            assertThat(vector.top(h, 7, i -> i % 3 == 0)).containsExactly(scalar.top(h, 7, i -> i % 3 == 0));
        }
    }

    @Test
    void shouldGiveTheResultsOfFreshInstancesWhenOneThreadInterleavesCataloguesOfDifferentSizes() {
        // Scratch arrays are shared by every retriever and only grow: after a (hot-swapped) larger
        // model they hold its stale scores, group maxima and query codes past the smaller model's
        // end. Hidden 64 vs 16, 5,000 vs 700 items; every tenth query is all zeros (no codes written).
        LstmWeights small = TestModels.randomWeights(700, 4, 16, 78L);
        QuantizedRetriever big = new QuantizedRetriever(RANDOM);
        QuantizedRetriever little = new QuantizedRetriever(small, 2);
        RetrievalScratch shared = new RetrievalScratch();
        Random r = new Random(21);
        int smallAfterBig = 0;
        for (int q = 0; q < 90; q++) {
            boolean useBig = q % 3 == 0;
            LstmWeights w = useBig ? RANDOM : small;
            QuantizedRetriever reused = useBig ? big : little;
            float[] h = q % 10 == 9 ? new float[w.hiddenSize()] : gaussian(r, w.hiddenSize());
            int n = 1 + r.nextInt(60);
            IntPredicate excluded = q % 4 == 3 ? i -> i % 7 == 0 : NONE;
            QuantizedRetriever fresh = new QuantizedRetriever(w, useBig ? 4 : 2);

            int[] expected = fresh.top(h, n, excluded, new RetrievalScratch());
            assertThat(reused.top(h, n, excluded, shared)).containsExactly(expected);
            // The same through the shared pool, which other calls of this thread have grown too.
            assertThat(reused.top(h, n, excluded)).containsExactly(expected);
            smallAfterBig += !useBig && shared.scores.length > 700 ? 1 : 0;
        }
        assertThat(smallAfterBig).isEqualTo(60);
    }

    @Test
    void shouldNeverReturnExcludedItemsAndStillReturnNOfTheRest() {
        ExactRetriever exact = new ExactRetriever(RANDOM);
        float[] h = gaussian(new Random(10), 64);
        int[] best = exact.top(h, 50, NONE);
        // Exclude the 50 best and every even index: the quantized pass must not spend slots on them.
        int[] banned = Arrays.copyOf(best, best.length);
        Arrays.sort(banned);
        IntPredicate excluded = i -> i % 2 == 0 || Arrays.binarySearch(banned, i) >= 0;

        int[] top = new QuantizedRetriever(RANDOM).top(h, 100, excluded);

        assertThat(top).hasSize(100).containsExactly(exact.top(h, 100, excluded));
        assertThat(Arrays.stream(top).filter(excluded::test)).isEmpty();
        assertThat(new QuantizedRetriever(RANDOM).top(h, 100, null)).containsExactly(exact.top(h, 100, NONE));
    }

    @Test
    void shouldReturnEveryEligibleItemInExactOrderWhenNCoversTheCatalogue() {
        ExactRetriever exact = new ExactRetriever(RANDOM);
        QuantizedRetriever quantized = new QuantizedRetriever(RANDOM);
        float[] h = gaussian(new Random(11), 64);

        assertThat(quantized.top(h, 5_000, NONE)).hasSize(5_000).containsExactly(exact.top(h, 5_000, NONE));
        assertThat(quantized.top(h, 9_999, i -> i < 10)).hasSize(4_990).containsExactly(exact.top(h, 9_999, i -> i < 10));
        // n·oversample just over the catalogue: also the whole exact list.
        assertThat(quantized.top(h, 1_251, NONE)).containsExactly(exact.top(h, 1_251, NONE));
    }

    @Test
    void shouldReturnTheSingleBestItemForNOneAndNothingForNZero() {
        ExactRetriever exact = new ExactRetriever(RANDOM);
        QuantizedRetriever quantized = new QuantizedRetriever(RANDOM);
        Random r = new Random(12);
        for (int q = 0; q < 50; q++) {
            float[] h = gaussian(r, 64);
            assertThat(quantized.top(h, 1, NONE)).containsExactly(exact.top(h, 1, NONE));
        }
        assertThat(quantized.top(gaussian(r, 64), 0, NONE)).isEmpty();
        assertThat(quantized.top(gaussian(r, 64), -3, NONE)).isEmpty();
    }

    @Test
    void shouldRankAZeroQueryByBiasWithTiesToTheLowerIndex() {
        // 40 items, hidden 2; bias = (j mod 5): items 4, 9, 14, ... tie at 4. A zero query's
        // approximate score is the bias exactly, so the tie order must be ExactRetriever's.
        float[] out = new float[80];
        float[] bias = new float[40];
        Random r = new Random(13);
        for (int j = 0; j < 40; j++) {
            out[2 * j] = (float) r.nextGaussian();
            out[2 * j + 1] = (float) r.nextGaussian();
            bias[j] = j % 5;
        }
        LstmWeights w = weights(40, 2, out, bias);
        QuantizedRetriever quantized = new QuantizedRetriever(w, 2);

        assertThat(quantized.top(new float[2], 6, NONE)).containsExactly(4, 9, 14, 19, 24, 29);
        assertThat(quantized.top(new float[2], 6, NONE)).containsExactly(new ExactRetriever(w).top(new float[2], 6, NONE));
    }

    @Test
    void shouldBreakExactTiesByTheLowerIndexThroughTheQuantizedPath() {
        // Items 3, 17 and 30 share one vector and bias and are the best three; 31 and 5 the next two.
        float[] out = new float[40 * 3];
        float[] bias = new float[40];
        for (int j = 0; j < 40; j++) {
            out[3 * j] = 0.01f * j;
        }
        for (int j : new int[]{3, 17, 30}) {
            out[3 * j] = 1f;
            out[3 * j + 1] = 0.5f;
            bias[j] = 2f;
        }
        bias[31] = 1.5f;
        bias[5] = 1.2f;
        LstmWeights w = weights(40, 3, out, bias);
        float[] h = {1f, 1f, 0f};

        assertThat(new QuantizedRetriever(w, 2).top(h, 5, NONE)).containsExactly(3, 17, 30, 31, 5);
        assertThat(new QuantizedRetriever(w, 2).top(h, 2, i -> i == 3)).containsExactly(17, 30);
    }

    @Test
    void shouldRescoreItemsWithNonFiniteVectorsExactlyAndNeverReturnNanScores() {
        float[] out = Arrays.copyOf(RANDOM.outputWeights(), 5_000 * 64);
        float[] bias = Arrays.copyOf(RANDOM.outputBias(), 5_000);
        out[7 * 64] = Float.POSITIVE_INFINITY;
        out[9 * 64 + 3] = Float.NaN;
        bias[11] = Float.NaN;
        bias[12] = Float.NEGATIVE_INFINITY;
        bias[13] = Float.POSITIVE_INFINITY;
        LstmWeights w = weights(5_000, 64, out, bias);
        float[] h = gaussian(new Random(14), 64);
        h[0] = 0.25f;

        int[] top = new QuantizedRetriever(w).top(h, 20, NONE);

        // 7 and 13 both score +∞: the lower index first.
        assertThat(top[0]).isEqualTo(7);
        assertThat(top[1]).isEqualTo(13);
        assertThat(top).doesNotContain(9, 11, 12).containsExactly(new ExactRetriever(w).top(h, 20, NONE));
        assertThat(new QuantizedRetriever(w).top(h, 20, i -> i == 7)).doesNotContain(7, 9, 11, 12)
                .containsExactly(new ExactRetriever(w).top(h, 20, i -> i == 7));
    }

    @Test
    void shouldAnswerLikeExactRetrieverForANonFiniteOrSubnormalQuery() {
        ExactRetriever exact = new ExactRetriever(RANDOM);
        QuantizedRetriever quantized = new QuantizedRetriever(RANDOM);
        float[] inf = gaussian(new Random(15), 64);
        inf[5] = Float.NEGATIVE_INFINITY;
        float[] nan = gaussian(new Random(16), 64);
        nan[60] = Float.NaN;
        float[] tiny = new float[64];
        tiny[2] = Float.MIN_VALUE;

        assertThat(quantized.top(inf, 10, NONE)).containsExactly(exact.top(inf, 10, NONE));
        assertThat(quantized.top(nan, 10, NONE)).isEmpty();
        assertThat(quantized.top(tiny, 10, NONE)).containsExactly(exact.top(tiny, 10, NONE));
    }

    @Test
    void shouldRefuseAProfileVectorOfAnotherSizeAndOversampleBelowOne() {
        QuantizedRetriever quantized = new QuantizedRetriever(RANDOM);
        assertThatThrownBy(() -> quantized.top(new float[63], 2, NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("profile vector has 63 values, the model 64");
        assertThatThrownBy(() -> quantized.withOversample(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("oversample must be at least 1, was 0");
        assertThat(quantized.withOversample(8).oversample()).isEqualTo(8);
        // Scalar layout: blocks of 16, an even number of them: 5,024 padded items.
        assertThat(new QuantizedRetriever(RANDOM, 4, false).quantizedBytes()).isEqualTo(5_024L * 64 + 8L * 5_024);
    }

    @Test
    void shouldServeTheSameRecommendationsAsExactRetrievalWhenLoadedThroughServingModels(@TempDir Path models)
            throws Exception {
        Path dir = TestModels.exportRandom(models, "q1", 3_000, 8, 16, 21L);
        HybridServingModel quantized = ServingModels.load(dir, QuantizedRetriever::new);
        HybridServingModel exact = ServingModels.load(dir);
        List<String> session = List.of("item-3", "item-2999", "item-41");
        State s = quantized.replay(session);
        ServingModel.Query query = new ServingModel.Query(s, session, 50, Set.of("item-3"));

        assertThat(quantized.retriever().name()).isEqualTo("quantized");
        assertThat(quantized.recommend(query).items()).hasSize(50).isEqualTo(exact.recommend(query).items());
    }

    /** How a quantized retriever's lists compare with ExactRetriever's over random queries. */
    record Agreement(int queries, int identical, long hits, long wanted, int orderedByExactScore) {
        double recall() {
            return (double) hits / wanted;
        }
    }

    static Agreement compare(LstmWeights w, ItemRetriever retriever, int queries, int n,
                             IntPredicate excluded, long seed) {
        ExactRetriever exact = new ExactRetriever(w);
        Random r = new Random(seed);
        int identical = 0;
        int ordered = 0;
        long hits = 0;
        for (int q = 0; q < queries; q++) {
            float[] h = gaussian(r, w.hiddenSize());
            int[] truth = exact.top(h, n, excluded);
            int[] got = retriever.top(h, n, excluded);
            identical += Arrays.equals(truth, got) && Arrays.equals(scores(w, h, truth), scores(w, h, got)) ? 1 : 0;
            int[] sortedTruth = truth.clone();
            Arrays.sort(sortedTruth);
            hits += Arrays.stream(got).filter(j -> Arrays.binarySearch(sortedTruth, j) >= 0).count();
            ordered += orderedByScoreThenIndex(scores(w, h, got), got) ? 1 : 0;
        }
        return new Agreement(queries, identical, hits, (long) queries * n, ordered);
    }

    private static float[] scores(LstmWeights w, float[] h, int[] items) {
        float[] all = new float[w.items()];
        LstmStep.scores(w, h, all);
        float[] out = new float[items.length];
        for (int i = 0; i < items.length; i++) {
            out[i] = all[items[i]];
        }
        return out;
    }

    private static boolean orderedByScoreThenIndex(float[] scores, int[] items) {
        for (int i = 1; i < items.length; i++) {
            if (scores[i] > scores[i - 1] || (scores[i] == scores[i - 1] && items[i] < items[i - 1])) {
                return false;
            }
        }
        return true;
    }

    /** The first pass's scores of the real items (the array is padded), and its group maxima. */
    private static float[][] allApproximateScores(QuantizedRetriever retriever, float[] h) {
        QuantizedRetriever.FirstPass pass = retriever.approximateScores(h);
        return new float[][]{Arrays.copyOf(pass.scores(), RANDOM.items()), pass.groupMax()};
    }

    /** {@code base} with row j scaled by exp(sigma·N(0,1)) and the bias by the same factor. */
    static LstmWeights skewedNorms(LstmWeights base, double sigma, long seed) {
        Random r = new Random(seed);
        int hidden = base.hiddenSize();
        float[] out = base.outputWeights().clone();
        float[] bias = base.outputBias().clone();
        for (int j = 0; j < base.items(); j++) {
            float f = (float) Math.exp(sigma * r.nextGaussian());
            for (int k = 0; k < hidden; k++) {
                out[j * hidden + k] *= f;
            }
            bias[j] *= f;
        }
        return weights(base.items(), hidden, out, bias);
    }

    static LstmWeights weights(int items, int hidden, float[] out, float[] bias) {
        return new LstmWeights(items, 1, hidden, new float[items], new float[4 * hidden], new float[4 * hidden * hidden],
                new float[4 * hidden], out, bias);
    }

    static float[] gaussian(Random r, int n) {
        float[] h = new float[n];
        for (int k = 0; k < n; k++) {
            h[k] = (float) r.nextGaussian();
        }
        return h;
    }
}
