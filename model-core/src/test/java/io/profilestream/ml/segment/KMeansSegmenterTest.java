package io.profilestream.ml.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KMeansSegmenterTest {

    /** Three tight groups of 20 around (0,0), (10,0) and (0,10), jittered by at most 0.5. */
    private static double[][] threeGroups() {
        SplittableRandom random = new SplittableRandom(7);
        double[][] centres = {{0, 0}, {10, 0}, {0, 10}};
        double[][] rows = new double[60][];
        for (int i = 0; i < 60; i++) {
            double[] c = centres[i / 20];
            rows[i] = new double[] {c[0] + random.nextDouble(-0.5, 0.5), c[1] + random.nextDouble(-0.5, 0.5)};
        }
        return rows;
    }

    @Test
    void shouldFindObviouslySeparatedGroups() {
        KMeansSegmenter.Fit fit = KMeansSegmenter.fit(threeGroups(), new boolean[] {true, true}, new double[] {1, 1}, 3, 100, 42);

        int[] a = fit.assignment();
        for (int g = 0; g < 3; g++) {
            int label = a[g * 20];
            assertThat(Arrays.copyOfRange(a, g * 20, g * 20 + 20)).as("group " + g).containsOnly(label);
        }
        assertThat(Arrays.stream(a).distinct().count()).isEqualTo(3);
        assertThat(ClusterQuality.silhouette(fit.z(), a, 3)).isGreaterThan(0.9);
    }

    @Test
    void shouldBeReproducibleWithTheSameSeed() {
        double[][] rows = threeGroups();

        KMeansSegmenter.Fit first = KMeansSegmenter.fit(rows, new boolean[] {true, true}, new double[] {1, 1}, 3, 100, 42);
        KMeansSegmenter.Fit second = KMeansSegmenter.fit(rows, new boolean[] {true, true}, new double[] {1, 1}, 3, 100, 42);

        assertThat(second.centroids()).isDeepEqualTo(first.centroids());
        assertThat(second.assignment()).containsExactly(first.assignment());
    }

    @Test
    void shouldStandardiseWithPopulationStatisticsKeepConstantAndUnmarkedFeaturesAtScaleOneAndWeight() {
        double[][] rows = {{0, 5, 0.5}, {1, 5, 0.5}, {9, 5, 0.25}, {10, 5, 0.25}};

        KMeansSegmenter.Fit fit = KMeansSegmenter.fit(rows, new boolean[] {true, true, false}, new double[] {2, 1, 3}, 2,
                100, 1);

        assertThat(fit.mean()).containsExactly(5.0, 5.0, 0.0);
        assertThat(fit.scale()).containsExactly(Math.sqrt(20.5), 1.0, 1.0);
        assertThat(fit.z()[0]).containsExactly(2 * -5.0 / Math.sqrt(20.5), 0.0, 1.5);
        assertThat(fit.assignment()[0]).isEqualTo(fit.assignment()[1]).isNotEqualTo(fit.assignment()[3]);
    }
}
