package io.profilestream.ml.hybrid;

import io.profilestream.ml.ItemScores;
import io.profilestream.ml.knn.SparseScores;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link HybridFeatures#vectors} (sparse kNN scores read from dense scratch arrays) against the
 * per-candidate {@link HybridFeatures#vector} (binary search in {@link SparseScores}), the reference.
 */
class HybridFeaturesVectorsTest {

    private final HybridFeatures features = new HybridFeatures(HybridFeatures.names(true));

    @Test
    void shouldGiveTheSameVectorsAsThePerCandidateLookupOnGeneratedSessions() {
        Random r = new Random(31);
        // Vocabularies alternate 300 / 120 items: the scratch arrays keep the larger size and must
        // come back all zeros, or a later call would read an earlier call's kNN scores.
        for (int round = 0; round < 12; round++) {
            int vocabulary = round % 2 == 0 ? 300 : 120;
            Generated g = generate(r, vocabulary);
            int[] candidates = new int[vocabulary];
            for (int i = 0; i < vocabulary; i++) {
                candidates[i] = (i * 37 + round) % vocabulary;
            }

            List<float[]> got = features.vectors(g.signals, candidates, g.logPopularity, g.categories, 10);

            assertThat(got).hasSize(vocabulary);
            for (int i = 0; i < vocabulary; i++) {
                float[] reference = features.vector(g.signals, candidates[i], g.logPopularity, g.categories, 10);
                assertThat(got.get(i)).as("round %d candidate %d", round, candidates[i]).containsExactly(reference);
            }
        }
    }

    @Test
    void shouldReadDenseScoresAsTheyAreWhenNoSignalIsSparse() {
        int[] prefix = {2, 0};
        float[] lstm = {0.1f, 0.5f, 0.2f};
        float[] knn = {0f, 0.4f, 0.3f};
        PrefixSignals s = new PrefixSignals(prefix, 2, lstm, TopN.of(lstm, 2, false), knn, TopN.of(knn, 2, true), knn);
        float[] logPopularity = {1f, 2f, 3f};
        String[] categories = {"a", "b", "a"};

        List<float[]> got = features.vectors(s, new int[]{1, 2}, logPopularity, categories, 2);

        assertThat(got.get(0)).containsExactly(0.5f, 1f, 0.4f, 1f, 0.4f, 2f, 0f, 0f, 0f, 2f);
        assertThat(got.get(1)).containsExactly(0.2f, 2f, 0.3f, 2f, 0.3f, 3f, 1f, 2f, 1f, 2f);
    }

    private record Generated(PrefixSignals signals, float[] logPopularity, String[] categories) {
    }

    /** A prefix of 1..8 clicks, dense LSTM scores, V-SKNN and item-kNN as sparse scores over random items. */
    private static Generated generate(Random r, int vocabulary) {
        int length = 1 + r.nextInt(8);
        int[] prefix = new int[length];
        for (int p = 0; p < length; p++) {
            prefix[p] = r.nextInt(vocabulary);
        }
        float[] lstm = new float[vocabulary];
        float[] logPopularity = new float[vocabulary];
        String[] categories = new String[vocabulary];
        for (int i = 0; i < vocabulary; i++) {
            lstm[i] = (float) r.nextGaussian();
            logPopularity[i] = (float) Math.log1p(r.nextInt(1000));
            categories[i] = r.nextInt(5) == 0 ? "" : "c" + r.nextInt(4);
        }
        SparseScores vsknn = sparse(r, vocabulary, 1 + r.nextInt(vocabulary / 3));
        SparseScores iknn = sparse(r, vocabulary, r.nextInt(vocabulary / 4));
        PrefixSignals s = new PrefixSignals(prefix, length, ItemScores.of(lstm), TopN.of(lstm, 10, false), vsknn,
                vsknn.top(10), iknn);
        return new Generated(s, logPopularity, categories);
    }

    /** {@code count} distinct random items with scores in (0, 1), and a few exact zeros. */
    private static SparseScores sparse(Random r, int vocabulary, int count) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < vocabulary; i++) {
            all.add(i);
        }
        Collections.shuffle(all, r);
        int[] items = new int[count];
        float[] scores = new float[count];
        for (int i = 0; i < count; i++) {
            items[i] = all.get(i);
            scores[i] = i % 9 == 0 ? 0f : r.nextFloat();
        }
        return SparseScores.of(items, scores, count);
    }
}
