package io.profilestream.ml.serving;

import io.profilestream.ml.NextItemModel.State;
import io.profilestream.ml.lstm.LstmStep;
import io.profilestream.ml.lstm.LstmWeights;
import io.profilestream.ml.testing.TestModels;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HnswRetrieverTest {

    private static final int ITEMS = 10_000;
    private static final int HIDDEN = 64;
    private static final int K = 20;

    private static LstmWeights weights;
    private static HnswRetriever retriever;
    private static List<float[]> queries;

    @BeforeAll
    static void buildCatalogue() {
        weights = TestModels.randomWeights(ITEMS, 16, HIDDEN, 7L);
        retriever = new HnswRetriever(weights);
        queries = lstmStates(weights, 200, new Random(11));
    }

    @Test
    void shouldFindAtLeast95PercentOfTheExactTop20() {
        double recall = 0;
        for (float[] h : queries) {
            recall += overlap(retriever.top(h, K, j -> false), exactTop(weights, h, K, j -> false));
        }
        assertThat(recall / queries.size()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void shouldReturnTheExactScoresBestFirst() {
        float[] exact = new float[ITEMS];
        for (float[] h : queries) {
            LstmStep.scores(weights, h, exact);
            int[] top = retriever.top(h, K, j -> false);
            assertThat(top).hasSize(K).doesNotHaveDuplicates();
            for (int i = 0; i < top.length; i++) {
                assertThat(retriever.score(h, top[i])).isEqualTo(exact[top[i]]);
                if (i > 0) {
                    assertThat(exact[top[i - 1]] > exact[top[i]]
                            || (exact[top[i - 1]] == exact[top[i]] && top[i - 1] < top[i])).isTrue();
                }
            }
        }
    }

    @Test
    void shouldScoreEveryItemBitForBitLikeTheLstm() {
        float[] h = queries.get(0);
        float[] exact = new float[ITEMS];
        LstmStep.scores(weights, h, exact);
        float[] viaRetriever = new float[ITEMS];
        for (int j = 0; j < ITEMS; j++) {
            viaRetriever[j] = retriever.score(h, j);
        }
        assertThat(viaRetriever).containsExactly(exact);
    }

    @Test
    void shouldNeverReturnExcludedIndexesAndStillFindTheEligibleTop20() {
        double recall = 0;
        for (float[] h : queries) {
            Set<Integer> bestTen = new HashSet<>();
            for (int j : exactTop(weights, h, 10, i -> false)) {
                bestTen.add(j);
            }
            IntPredicate excluded = j -> j % 3 == 0 || bestTen.contains(j);
            int[] top = retriever.top(h, K, excluded);
            assertThat(top).hasSize(K);
            assertThat(Arrays.stream(top).filter(excluded::test)).isEmpty();
            recall += overlap(top, exactTop(weights, h, K, excluded));
        }
        assertThat(recall / queries.size()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void shouldReturnEveryEligibleItemInExactOrderWhenNExceedsTheCatalogue() {
        LstmWeights small = TestModels.randomWeights(200, 8, 16, 3L);
        HnswRetriever r = new HnswRetriever(small);
        IntPredicate excluded = j -> j % 4 == 0;
        for (float[] h : lstmStates(small, 5, new Random(5))) {
            int[] top = r.top(h, 500, excluded);
            assertThat(top).hasSize(150).containsExactly(exactTop(small, h, 500, excluded));
        }
    }

    @Test
    void shouldFallBackToExactScoringWhenTooFewItemsAreEligibleForTheGraph() {
        IntPredicate excluded = j -> j % 333 != 0;
        float[] h = queries.get(1);
        int[] top = retriever.top(h, 40, excluded);
        assertThat(top).hasSize(31).containsExactly(exactTop(weights, h, 40, excluded));
    }

    @Test
    void shouldAnswerConcurrentQueriesExactlyLikeSequentialOnes() throws Exception {
        List<int[]> sequential = queries.stream().map(h -> retriever.top(h, K, j -> j % 7 == 0)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<int[]>>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> queries.stream().map(h -> retriever.top(h, K, j -> j % 7 == 0)).toList()));
            }
            for (Future<List<int[]>> f : futures) {
                List<int[]> concurrent = f.get();
                for (int q = 0; q < queries.size(); q++) {
                    assertThat(concurrent.get(q)).containsExactly(sequential.get(q));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldShareTheGraphWhenOnlyEfSearchChanges() {
        HnswRetriever wide = retriever.withEfSearch(ITEMS);
        assertThat(wide.params()).isEqualTo(HnswRetriever.Params.DEFAULTS.withEfSearch(ITEMS));
        // efSearch >= catalogue size means a full exact scan: the exact top-20, exactly.
        for (float[] h : queries.subList(0, 10)) {
            assertThat(wide.top(h, K, j -> false)).containsExactly(exactTop(weights, h, K, j -> false));
        }
    }

    @Test
    void shouldWalkAGraphWiredByInnerProductToo() {
        HnswRetriever mip = new HnswRetriever(weights, new HnswRetriever.Params(16, 100, 400,
                VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT, 42L));
        double recall = 0;
        for (float[] h : queries) {
            recall += overlap(mip.top(h, K, j -> false), exactTop(weights, h, K, j -> false));
        }
        assertThat(recall / queries.size()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void shouldHandleAnItemWhoseOutputVectorIsZero() {
        LstmWeights w = TestModels.randomWeights(300, 8, 16, 9L);
        Arrays.fill(w.outputWeights(), 5 * 16, 6 * 16, 0f);
        w.outputBias()[5] = 0f;
        HnswRetriever r = new HnswRetriever(w, HnswRetriever.Params.DEFAULTS.withEfSearch(50));
        List<float[]> states = lstmStates(w, 50, new Random(2));
        double recall = 0;
        for (float[] h : states) {
            recall += overlap(r.top(h, 10, j -> false), exactTop(w, h, 10, j -> false));
            assertThat(r.score(h, 5)).isZero();
            assertThat(r.top(h, 300, j -> false)).containsExactly(exactTop(w, h, 300, j -> false));
        }
        assertThat(recall / states.size()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void shouldRejectAProfileVectorOfTheWrongSize() {
        assertThatThrownBy(() -> retriever.top(new float[HIDDEN + 1], K, j -> false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("profile vector has 65 values, the model's hidden size is 64");
    }

    @Test
    void shouldRejectParametersLuceneCannotBuild() {
        assertThatThrownBy(() -> new HnswRetriever.Params(0, 100, 100, VectorSimilarityFunction.COSINE, 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxConn must be in 1..512, was 0");
        assertThatThrownBy(() -> HnswRetriever.Params.DEFAULTS.withEfSearch(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("efSearch must be at least 1, was 0");
    }

    /** Hidden outputs of the LSTM after random click sequences of 1..20 items. */
    private static List<float[]> lstmStates(LstmWeights w, int count, Random r) {
        List<float[]> out = new ArrayList<>(count);
        for (int q = 0; q < count; q++) {
            State s = new State(new float[w.hiddenSize()], new float[w.hiddenSize()]);
            for (int t = 1 + r.nextInt(20); t > 0; t--) {
                s = LstmStep.step(w, s, r.nextInt(w.items()));
            }
            out.add(s.h());
        }
        return out;
    }

    /** Brute-force reference: every score, eligible items by score descending then index ascending. */
    private static int[] exactTop(LstmWeights w, float[] h, int n, IntPredicate excluded) {
        float[] scores = new float[w.items()];
        LstmStep.scores(w, h, scores);
        return IntStream.range(0, w.items())
                .filter(j -> !excluded.test(j))
                .boxed()
                .sorted((a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a]) : Integer.compare(a, b))
                .limit(n)
                .mapToInt(Integer::intValue)
                .toArray();
    }

    private static double overlap(int[] found, int[] truth) {
        Set<Integer> t = new HashSet<>();
        for (int j : truth) {
            t.add(j);
        }
        return (double) Arrays.stream(found).filter(t::contains).count() / truth.length;
    }
}
