package io.profilestream.ml.churn;

import io.profilestream.model.profile.UserProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Serves a {@link ChurnArtifact}: {@code sigmoid(bias + Σ weight_i · (x_i − mean_i) / scale_i)}
 * over {@link ChurnFeatures}. Plain Java in double precision: a dot product of 13 numbers needs
 * no ND4J runtime in the service, and the trainer evaluates through this same class, so the
 * numbers it reports are the numbers served.
 */
public final class LogisticChurnModel implements ChurnModel {

    private final ChurnArtifact artifact;

    /** @param artifact a validated artifact */
    public LogisticChurnModel(ChurnArtifact artifact) {
        this.artifact = Objects.requireNonNull(artifact, "artifact");
    }

    @Override
    public double probability(UserProfile profile, Instant asOf) {
        return probability(ChurnFeatures.of(profile, asOf));
    }

    /** The probability for an already computed {@link ChurnFeatures} vector. */
    public double probability(double[] features) {
        if (features.length != artifact.weights().length) {
            throw new IllegalArgumentException("expected " + artifact.weights().length + " features, got " + features.length);
        }
        double z = artifact.bias();
        double[] mean = artifact.mean();
        double[] scale = artifact.scale();
        double[] w = artifact.weights();
        for (int i = 0; i < w.length; i++) {
            z += w[i] * (features[i] - mean[i]) / scale[i];
        }
        return sigmoid(z);
    }

    /** Numerically stable logistic function. */
    static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    @Override
    public Duration horizon() {
        return artifact.horizon();
    }

    @Override
    public String version() {
        return artifact.modelVersion();
    }

    /** The artifact served. */
    public ChurnArtifact artifact() {
        return artifact;
    }
}
