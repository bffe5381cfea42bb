package io.profilestream.profileupdater.segment;

import io.profilestream.ml.churn.ChurnArtifact;
import io.profilestream.ml.segment.SegmentArtifact;
import io.profilestream.ml.segment.SegmentDescription;
import io.profilestream.ml.segment.SegmentFeatures;
import io.profilestream.profileupdater.churn.TestChurnArtifacts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A hand-made two-segment artifact over categories {@code a} and {@code c}, with mean 0, scale 1 and
 * weight 1 everywhere: segment 0's centroid is the origin, segment 1's is the raw feature vector of
 * {@link TestChurnArtifacts#profile(String)} as of {@link TestChurnArtifacts#AS_OF}, so that profile
 * is in segment 1 at distance 0.
 */
public final class TestSegmentArtifacts {

    /** The category list. */
    public static final List<String> CATEGORIES = List.of("a", "c");

    /** Segment 1's description text. */
    public static final String SEGMENT_1 = "about 40 users; top categories a; price band unknown; churn risk low; "
            + "activity light";

    private TestSegmentArtifacts() {
    }

    /** The artifact, folded with {@code fold}. */
    public static SegmentArtifact artifact(String version, ChurnArtifact.Fold fold) {
        int n = SegmentFeatures.names(CATEGORIES).size();
        double[] ones = new double[n];
        Arrays.fill(ones, 1.0);
        double[][] centroids = {new double[n],
                SegmentFeatures.of(TestChurnArtifacts.profile("u"), TestChurnArtifacts.AS_OF, CATEGORIES)};
        List<SegmentDescription> segments = List.of(
                new SegmentDescription(0, 25, List.of(), "unknown", "high", "light",
                        "about 25 users; top categories none stand out; price band unknown; churn risk high; activity light"),
                new SegmentDescription(1, 40, List.of("a"), "unknown", "low", "light", SEGMENT_1));
        return new SegmentArtifact(SegmentArtifact.FORMAT_VERSION, version, Instant.parse("2025-03-05T00:00:00Z"),
                CATEGORIES, SegmentFeatures.names(CATEGORIES), new double[n], ones, ones, centroids, segments, fold,
                Map.of(), Map.of());
    }

    /** Writes the artifact, folded with the service's default settings, into {@code dir}. */
    public static Path write(Path dir, String version) throws IOException {
        return artifact(version, new ChurnArtifact.Fold(Duration.ofMinutes(30), Duration.ofDays(7), 50)).write(dir);
    }
}
