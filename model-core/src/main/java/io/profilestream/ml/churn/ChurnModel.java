package io.profilestream.ml.churn;

import io.profilestream.ml.artifact.ModelArtifactException;
import io.profilestream.model.profile.UserProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A trained churn model as the service uses it: the probability that a user has no event within
 * {@link #horizon()} after {@code asOf}, from the live profile alone ({@link ChurnFeatures}).
 * Implementations are immutable and thread-safe.
 */
public interface ChurnModel {

    /**
     * Probability (0..1) that the user does not return within {@link #horizon()} after {@code asOf}.
     *
     * @param profile a profile with at least one event
     * @param asOf    the instant the risk refers to (the service passes "now")
     * @throws IllegalArgumentException when the profile has no event time
     */
    double probability(UserProfile profile, Instant asOf);

    /** The horizon the model was trained for: "not returning" means no event within it. */
    Duration horizon();

    /** The artifact's version label. */
    String version();

    /**
     * Loads an artifact written by the trainer's {@code churn --out DIR}.
     *
     * @param path the artifact directory, or its {@value ChurnArtifact#FILE} itself
     * @throws ModelArtifactException naming the file and the problem when it cannot be used
     */
    static ChurnModel load(Path path) {
        return new LogisticChurnModel(ChurnArtifact.read(path));
    }
}
