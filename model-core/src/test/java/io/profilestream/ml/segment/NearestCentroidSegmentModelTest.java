package io.profilestream.ml.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.profilestream.ml.artifact.ModelArtifactException;
import io.profilestream.ml.churn.ChurnArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NearestCentroidSegmentModelTest {

    private static final List<String> CATEGORIES = List.of("a", "c");

    @TempDir
    Path dir;

    /**
     * Mean 0, scale 1, weight 1 except share:a (weight 2) and recency (mean 1, scale 2): the
     * shopper's z-vector is its raw vector with share:a doubled and recency (ln 25 - 1) / 2.
     */
    static SegmentArtifact artifact(double[][] centroids) {
        int n = SegmentFeatures.names(CATEGORIES).size();
        double[] mean = new double[n];
        double[] scale = new double[n];
        double[] weight = new double[n];
        Arrays.fill(scale, 1.0);
        Arrays.fill(weight, 1.0);
        weight[0] = 2.0;
        mean[SegmentFeatures.recencyIndex(2)] = 1.0;
        scale[SegmentFeatures.recencyIndex(2)] = 2.0;
        List<SegmentDescription> segments = new java.util.ArrayList<>();
        for (int k = 0; k < centroids.length; k++) {
            segments.add(new SegmentDescription(k, 10 + k, List.of("a"), "low", "unknown", "light", "segment " + k));
        }
        return new SegmentArtifact(SegmentArtifact.FORMAT_VERSION, "seg-v1", Instant.parse("2025-03-05T00:00:00Z"),
                CATEGORIES, SegmentFeatures.names(CATEGORIES), mean, scale, weight, centroids, segments,
                new ChurnArtifact.Fold(Duration.ofMinutes(30), Duration.ofDays(7), 50), Map.of(), Map.of());
    }

    static double[] shopperZ() {
        double[] z = SegmentFeatures.of(TestSegmentProfiles.shopper(), TestSegmentProfiles.AS_OF, CATEGORIES);
        z[0] *= 2.0;
        int r = SegmentFeatures.recencyIndex(2);
        z[r] = (z[r] - 1.0) / 2.0;
        return z;
    }

    @Test
    void shouldAssignTheNearestCentroidWithItsDistance() {
        double[] exact = shopperZ();
        double[] near = exact.clone();
        near[0] += 0.3;
        near[4] -= 0.4;
        double[] far = new double[exact.length];
        SegmentModel model = new NearestCentroidSegmentModel(artifact(new double[][] {far, near}));

        SegmentModel.Assignment a = model.assign(TestSegmentProfiles.shopper(), TestSegmentProfiles.AS_OF);

        assertThat(a.segment()).isEqualTo(1);
        assertThat(a.distance()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(model.description(1).text()).isEqualTo("segment 1");
        assertThat(model.k()).isEqualTo(2);
        assertThat(model.version()).isEqualTo("seg-v1");
    }

    @Test
    void shouldBreakTiesTowardsTheLowerSegmentId() {
        assertThat(NearestCentroidSegmentModel.nearest(new double[][] {{1, 0}, {-1, 0}}, new double[] {0, 0}))
                .isEqualTo(new SegmentModel.Assignment(0, 1.0));
    }

    @Test
    void shouldReadBackWhatItWrote() throws Exception {
        SegmentArtifact written = artifact(new double[][] {shopperZ(), new double[shopperZ().length]});
        written.write(dir);

        SegmentModel loaded = SegmentModel.load(dir);

        assertThat(loaded.assign(TestSegmentProfiles.shopper(), TestSegmentProfiles.AS_OF))
                .isEqualTo(new SegmentModel.Assignment(0, 0.0));
        assertThat(loaded.description(1)).isEqualTo(written.segments().get(1));
    }

    @Test
    void shouldRefuseAnArtifactWhoseFeaturesThisBuildDoesNotCompute() throws Exception {
        String json = Files.readString(artifact(new double[][] {shopperZ()}).write(dir))
                .replace("\"log_carts\"", "\"log_baskets\"");
        Files.writeString(dir.resolve(SegmentArtifact.FILE), json);

        assertThatThrownBy(() -> SegmentModel.load(dir)).isInstanceOf(ModelArtifactException.class)
                .hasMessageStartingWith(dir.resolve(SegmentArtifact.FILE) + ": not a usable segment model: trained on features");
    }

    @Test
    void shouldSayWhereToGetAModelWhenTheDirectoryHasNone() {
        assertThatThrownBy(() -> SegmentModel.load(dir)).isInstanceOf(ModelArtifactException.class)
                .hasMessage(dir.resolve(SegmentArtifact.FILE) + ": no segment model here (write one with "
                        + "'profilestream-trainer segments --out DIR')");
    }
}
