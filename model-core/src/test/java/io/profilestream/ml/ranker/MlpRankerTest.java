package io.profilestream.ml.ranker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class MlpRankerTest {

    /** Label 1 exactly when 2·x0 − x1 > 0.5; x2 is noise the ranker must ignore. */
    private static float label(float[] x) {
        return 2 * x[0] - x[1] > 0.5f ? 1f : 0f;
    }

    @Test
    void shouldLearnASeparableThresholdAndSurviveSaveAndLoad(@TempDir Path dir) throws IOException {
        Random r = new Random(4);
        List<float[]> features = new ArrayList<>();
        List<Float> labels = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            float[] x = {r.nextFloat() * 2 - 1, r.nextFloat() * 2 - 1, r.nextFloat() * 10};
            features.add(x);
            labels.add(label(x));
        }
        MlpRanker ranker = MlpRanker.train(features, labels, new MlpConfig(32, 16, 40, 100, 0.02), 7L);

        // Points at distance >= 0.1 from the boundary must land on the right side of 0.5.
        List<float[]> probes = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            float[] x = {r.nextFloat() * 2 - 1, r.nextFloat() * 2 - 1, r.nextFloat() * 10};
            if (Math.abs(2 * x[0] - x[1] - 0.5f) / Math.sqrt(5) >= 0.1) {
                probes.add(x);
            }
        }
        float[] scores = ranker.score(probes);
        int wrong = 0;
        for (int i = 0; i < probes.size(); i++) {
            wrong += (scores[i] > 0.5f ? 1f : 0f) == label(probes.get(i)) ? 0 : 1;
        }
        assertThat(wrong).isZero();
        assertThat(ranker.score(new float[]{0.9f, -0.9f, 5f})).isGreaterThan(0.9f);
        assertThat(ranker.score(new float[]{-0.9f, 0.9f, 5f})).isLessThan(0.1f);

        ranker.save(dir.resolve("ranker.zip"));
        MlpRanker loaded = MlpRanker.load(dir.resolve("ranker.zip"));
        assertThat(loaded.featureCount()).isEqualTo(3);
        assertThat(loaded.score(probes)).containsExactly(scores);
    }

    @Test
    void shouldScoreLikeTheDl4jNetworkIncludingAConstantFeature() {
        Random r = new Random(11);
        List<float[]> features = new ArrayList<>();
        List<Float> labels = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            // x3 is constant in training (std 0): the normaliser's zero-std handling must match too.
            float[] x = {r.nextFloat() * 2 - 1, r.nextFloat() * 2 - 1, r.nextFloat() * 10, 3f};
            features.add(x);
            labels.add(label(x));
        }
        MlpRanker ranker = MlpRanker.train(features, labels, new MlpConfig(32, 16, 5, 100, 0.02), 3L);
        List<float[]> probes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            probes.add(new float[]{r.nextFloat() * 4 - 2, r.nextFloat() * 4 - 2, r.nextFloat() * 20, i % 2 == 0 ? 3f : 5f});
        }
        float[] java = ranker.score(probes);
        float[] dl4j = ranker.referenceScore(probes);
        assertThat(java).hasSize(300);
        for (int i = 0; i < java.length; i++) {
            assertThat(Math.abs(java[i] - dl4j[i])).as("probe %d", i).isLessThanOrEqualTo(1e-5f);
        }
    }
}
