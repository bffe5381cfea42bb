package io.profilestream.ml.segment;

import io.profilestream.model.profile.UserProfile;
import java.time.Instant;
import java.util.Objects;

/**
 * Serves a {@link SegmentArtifact}: the nearest centroid to the profile's transformed
 * {@link SegmentFeatures}. Plain Java: k distances over a few dozen numbers need no ND4J in the
 * service, and the trainer assigns its users through this same code ({@link #nearest}), so the
 * segments it describes are the segments served.
 */
public final class NearestCentroidSegmentModel implements SegmentModel {

    private final SegmentArtifact artifact;

    /** @param artifact a validated artifact */
    public NearestCentroidSegmentModel(SegmentArtifact artifact) {
        this.artifact = Objects.requireNonNull(artifact, "artifact");
    }

    @Override
    public Assignment assign(UserProfile profile, Instant asOf) {
        return nearest(artifact.centroids(), artifact.transform(SegmentFeatures.of(profile, asOf, artifact.categories())));
    }

    /**
     * The nearest of {@code centroids} to {@code z} (ties to the lower id, so assignment is
     * deterministic), with its Euclidean distance.
     */
    public static Assignment nearest(double[][] centroids, double[] z) {
        int best = -1;
        double bestSquared = Double.POSITIVE_INFINITY;
        for (int k = 0; k < centroids.length; k++) {
            double d = squaredDistance(centroids[k], z);
            if (d < bestSquared) {
                bestSquared = d;
                best = k;
            }
        }
        return new Assignment(best, Math.sqrt(bestSquared));
    }

    static double squaredDistance(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    @Override
    public SegmentDescription description(int id) {
        return artifact.segments().get(id);
    }

    @Override
    public int k() {
        return artifact.k();
    }

    @Override
    public String version() {
        return artifact.modelVersion();
    }

    /** The artifact served. */
    public SegmentArtifact artifact() {
        return artifact;
    }
}
