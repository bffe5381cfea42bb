package io.profilestream.ml.segment;

import io.profilestream.ml.artifact.ModelArtifactException;
import io.profilestream.model.profile.UserProfile;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A trained segment model as the service uses it: which segment a live profile belongs to.
 * Implementations are immutable and thread-safe.
 */
public interface SegmentModel {

    /**
     * The segment of a profile and how far it lies from the segment's centre.
     *
     * @param segment  the segment id, 0..k-1
     * @param distance Euclidean distance to the segment's centroid in the model's feature space
     */
    record Assignment(int segment, double distance) {
    }

    /**
     * The segment of {@code profile} as of {@code asOf}.
     *
     * @param profile a profile with at least one event
     * @param asOf    the instant the features refer to (the service passes "now": recency moves)
     * @throws IllegalArgumentException when the profile has no event time
     */
    Assignment assign(UserProfile profile, Instant asOf);

    /** The description of segment {@code id} (0..k-1). */
    SegmentDescription description(int id);

    /** Number of segments. */
    int k();

    /** The artifact's version label. */
    String version();

    /**
     * Loads an artifact written by the trainer's {@code segments --out DIR}.
     *
     * @param path the artifact directory, or its {@value SegmentArtifact#FILE} itself
     * @throws ModelArtifactException naming the file and the problem when it cannot be used
     */
    static SegmentModel load(Path path) {
        return new NearestCentroidSegmentModel(SegmentArtifact.read(path));
    }
}
