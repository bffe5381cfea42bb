package io.profilestream.ml.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ClusterQualityTest {

    /** Points 0, 1 | 4, 5 on a line. */
    private static final double[][] LINE = {{0}, {1}, {4}, {5}};

    @Test
    void shouldComputeTheSilhouetteByHand() {
        // point 0: a = 1, b = (4 + 5) / 2 = 4.5 -> 3.5 / 4.5; point 1: a = 1, b = 3.5 -> 2.5 / 3.5; symmetric.
        double expected = (3.5 / 4.5 + 2.5 / 3.5) / 2;

        assertThat(ClusterQuality.silhouette(LINE, new int[] {0, 0, 1, 1}, 2)).isCloseTo(expected, within(1e-15));
    }

    @Test
    void shouldScoreASingletonZeroAndOneClusterAsUndefined() {
        // point 4 alone: 0; points 0, 1, 5: computed like above with clusters {0,1,5} and {4}.
        double[][] points = {{0}, {1}, {4}, {5}};
        double p0 = ((4.0 - 3.0) / 4.0);          // a = (1 + 5) / 2 = 3, b = 4
        double p1 = ((3.0 - 2.5) / 3.0);          // a = (1 + 4) / 2 = 2.5, b = 3
        double p3 = ((1.0 - 4.5) / 4.5);          // a = (5 + 4) / 2 = 4.5, b = 1
        assertThat(ClusterQuality.silhouette(points, new int[] {0, 0, 1, 0}, 2))
                .isCloseTo((p0 + p1 + 0 + p3) / 4, within(1e-15));
        assertThat(ClusterQuality.silhouette(points, new int[] {0, 0, 0, 0}, 2)).isNaN();
    }

    @Test
    void shouldComputeDaviesBouldinByHand() {
        // centres 0.5 and 4.5, spreads 0.5 each, separation 4 -> (0.5 + 0.5) / 4 for both clusters.
        assertThat(ClusterQuality.daviesBouldin(LINE, new int[] {0, 0, 1, 1}, 2)).isCloseTo(0.25, within(1e-15));
    }
}
