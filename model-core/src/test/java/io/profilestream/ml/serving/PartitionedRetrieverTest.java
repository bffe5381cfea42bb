package io.profilestream.ml.serving;

import io.profilestream.ml.lstm.LstmWeights;
import io.profilestream.ml.testing.TestModels;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.function.IntPredicate;

import static io.profilestream.ml.serving.QuantizedRetrieverTest.compare;
import static io.profilestream.ml.serving.QuantizedRetrieverTest.gaussian;
import static io.profilestream.ml.serving.QuantizedRetrieverTest.weights;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link PartitionedRetriever} against the reference {@link ExactRetriever}. */
class PartitionedRetrieverTest {

    private static final IntPredicate NONE = i -> false;
    /** 5,000 items × 64 drawn around 40 topics with popularity biases: structure like a trained model's. */
    private static final LstmWeights TOPICS = topics(5_000, 64, 40, 0.6, 31L);
    /** 5,000 items × 64, Gaussian: no structure at all, the worst case of any partition. */
    private static final LstmWeights RANDOM = TestModels.randomWeights(5_000, 4, 64, 77L);

    @Test
    void shouldFindAtLeast95PercentOfTheExactTopTwentyOnACatalogueWithTopics() {
        PartitionedRetriever ivf = new PartitionedRetriever(TOPICS);
        QuantizedRetrieverTest.Agreement a = compare(TOPICS, ivf, 300, 20, NONE, 3L);

        // The bar is 0.95 (recall@K of the index); measured 5,999 of 6,000, and 299 of the 300
        // lists identical to ExactRetriever's, scores included.
        assertThat(a.recall()).isGreaterThanOrEqualTo(0.95);
        assertThat(a.hits()).isEqualTo(5_999L);
        assertThat(a.identical()).isEqualTo(299);
        assertThat(a.orderedByExactScore()).isEqualTo(300);
        assertThat(ivf.lists()).isEqualTo(71);
    }

    @Test
    void shouldReturnTheExactTopListWhenEveryListIsRead() {
        PartitionedRetriever all = new PartitionedRetriever(RANDOM, new PartitionedRetriever.Params(50, 1.0, 4, 42L));

        QuantizedRetrieverTest.Agreement a = compare(RANDOM, all, 200, 100, NONE, 4L);

        assertThat(a.identical()).isEqualTo(200);
        assertThat(a.recall()).isEqualTo(1.0);
    }

    @Test
    void shouldKeepExactScoresAndOrderWhereItMissesItemsOfAnUnstructuredCatalogue() {
        // Gaussian items have no lists worth the name: reading 15 % finds about half of the exact
        // top 20 (986 of 2,000), but whatever is returned carries the exact score and order.
        QuantizedRetrieverTest.Agreement a = compare(RANDOM, new PartitionedRetriever(RANDOM), 100, 20, NONE, 5L);

        assertThat(a.hits()).isEqualTo(986L);
        assertThat(a.orderedByExactScore()).isEqualTo(100);
    }

    @Test
    void shouldReadTheWholeCatalogueWhenExclusionsLeaveTooFewEligibleItemsInTheListsRead() {
        ExactRetriever exact = new ExactRetriever(TOPICS);
        PartitionedRetriever ivf = new PartitionedRetriever(TOPICS);
        float[] h = gaussian(new Random(6), 64);
        // Only items 4,000..4,029 are eligible; most of them sit in lists the bound order reads late.
        IntPredicate excluded = i -> i < 4_000 || i >= 4_030;

        int[] top = ivf.top(h, 20, excluded);

        assertThat(top).containsExactly(exact.top(h, 20, excluded));
        assertThat(ivf.top(h, 100, excluded)).hasSize(30).containsExactly(exact.top(h, 100, excluded));
    }

    @Test
    void shouldNeverReturnExcludedItems() {
        PartitionedRetriever ivf = new PartitionedRetriever(TOPICS);
        Random r = new Random(7);
        for (int q = 0; q < 50; q++) {
            int[] top = ivf.top(gaussian(r, 64), 50, i -> i % 3 == 0);
            assertThat(top).hasSize(50);
            assertThat(Arrays.stream(top).filter(i -> i % 3 == 0)).isEmpty();
        }
    }

    @Test
    void shouldAlwaysRescoreItemsWithNonFiniteVectorsOrAnInfiniteBias() {
        float[] out = TOPICS.outputWeights().clone();
        float[] bias = TOPICS.outputBias().clone();
        out[7 * 64 + 3] = Float.NaN;
        bias[11] = Float.POSITIVE_INFINITY;
        LstmWeights odd = weights(5_000, 64, out, bias);
        PartitionedRetriever ivf = new PartitionedRetriever(odd);
        float[] h = gaussian(new Random(8), 64);

        int[] top = ivf.top(h, 10, NONE);

        // Item 11 scores +∞; item 7 scores NaN and is never returned.
        assertThat(top[0]).isEqualTo(11);
        assertThat(top).doesNotContain(7).containsExactly(new ExactRetriever(odd).top(h, 10, NONE));
        // The non-finite row is kept in a list of its own, always read.
        assertThat(ivf.lists()).isEqualTo(new PartitionedRetriever(TOPICS).lists() + 1);
    }

    @Test
    void shouldBuildTheSameListsAndAnswersForTheSameSeed() {
        PartitionedRetriever a = new PartitionedRetriever(TOPICS);
        PartitionedRetriever b = new PartitionedRetriever(TOPICS);
        Random r = new Random(9);
        for (int q = 0; q < 20; q++) {
            float[] h = gaussian(r, 64);
            assertThat(a.top(h, 20, NONE)).containsExactly(b.top(h, 20, NONE));
        }
    }

    @Test
    void shouldAnswerTheSmallCasesLikeExactRetrieval() {
        ExactRetriever exact = new ExactRetriever(TOPICS);
        PartitionedRetriever ivf = new PartitionedRetriever(TOPICS);
        float[] h = gaussian(new Random(10), 64);

        assertThat(ivf.top(h, 0, NONE)).isEmpty();
        // n · oversample covers the catalogue: exact retrieval answers.
        assertThat(ivf.top(h, 1_250, NONE)).containsExactly(exact.top(h, 1_250, NONE));
        assertThat(ivf.top(new float[64], 5, NONE)).containsExactly(exact.top(new float[64], 5, NONE));
        assertThatThrownBy(() -> ivf.top(new float[3], 5, NONE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("profile vector has 3 values, the model 64");
    }

    @Test
    void shouldRefuseParametersOutOfRange() {
        assertThatThrownBy(() -> new PartitionedRetriever.Params(0, 0.1, 4, 1L))
                .hasMessage("lists must be at least 1, was 0");
        assertThatThrownBy(() -> new PartitionedRetriever.Params(10, 0, 4, 1L))
                .hasMessage("probeShare must be in (0, 1], was 0.0");
        assertThatThrownBy(() -> new PartitionedRetriever.Params(10, 1.5, 4, 1L))
                .hasMessage("probeShare must be in (0, 1], was 1.5");
        assertThatThrownBy(() -> new PartitionedRetriever.Params(10, 0.5, 0, 1L))
                .hasMessage("oversample must be at least 1, was 0");
        assertThat(PartitionedRetriever.Params.defaults(50_000).lists()).isEqualTo(224);
    }

    /**
     * Items around {@code topics} random centres ({@code spread} of noise relative to a centre),
     * biases log-popularity-like (Zipf over a random item order): what an LSTM's output layer
     * learns from a catalogue with categories and best-sellers.
     */
    static LstmWeights topics(int items, int hidden, int topics, double spread, long seed) {
        Random r = new Random(seed);
        float[][] centres = new float[topics][];
        for (int t = 0; t < topics; t++) {
            centres[t] = gaussian(r, hidden);
        }
        float[] out = new float[items * hidden];
        float[] bias = new float[items];
        for (int j = 0; j < items; j++) {
            float[] c = centres[r.nextInt(topics)];
            for (int k = 0; k < hidden; k++) {
                out[j * hidden + k] = (float) (0.1 * (c[k] + spread * r.nextGaussian()));
            }
            bias[j] = (float) -Math.log(1 + r.nextInt(items));
        }
        return weights(items, hidden, out, bias);
    }
}
