package io.profilestream.ml.churn;

import io.profilestream.ml.artifact.ModelArtifactException;
import io.profilestream.model.serde.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The churn model as stored: a logistic regression over standardised {@link ChurnFeatures}, with
 * the TRAINING set's means and scales, so the service standardises exactly as the trainer did.
 * Written as one JSON file, {@value #FILE}, because it is a few dozen numbers that people may
 * want to read.
 *
 * @param formatVersion layout version ({@link #FORMAT_VERSION})
 * @param modelVersion  version label
 * @param createdAt     when it was trained
 * @param horizonHours  the horizon it predicts non-return within
 * @param features      feature names in order; must equal {@link ChurnFeatures#NAMES}
 * @param mean          per-feature mean over the training users
 * @param scale         per-feature standard deviation over the training users (1 where it was 0)
 * @param weights       logistic weights of the standardised features
 * @param bias          logistic intercept
 * @param fold          the profile fold settings the training profiles were folded with; a service
 *                      folding differently would feed the model features it was not trained on
 * @param training      what the model was trained and evaluated on, for people (cutoffs, counts, metrics)
 */
public record ChurnArtifact(int formatVersion, String modelVersion, Instant createdAt, long horizonHours,
                            List<String> features, double[] mean, double[] scale, double[] weights, double bias,
                            Fold fold, Map<String, Object> training) {

    /** The file name inside the artifact directory. */
    public static final String FILE = "churn-model.json";

    /** Current {@link #formatVersion()}. */
    public static final int FORMAT_VERSION = 1;

    /**
     * The fold settings that shape the features (profile-updater's {@code profilestream.profile.*}).
     *
     * @param sessionGap         inactivity that starts a new session when events carry no session key
     * @param affinityHalfLife   category affinity half-life
     * @param maxAffinityEntries categories kept per profile
     */
    public record Fold(Duration sessionGap, Duration affinityHalfLife, int maxAffinityEntries) {
    }

    /** Checks the shape, so a broken file fails at load time with a reason, not at the first request. */
    public ChurnArtifact {
        int n = ChurnFeatures.NAMES.size();
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("format version " + formatVersion + " is not " + FORMAT_VERSION);
        }
        if (modelVersion == null || modelVersion.isBlank()) {
            throw new IllegalArgumentException("modelVersion is missing");
        }
        if (horizonHours <= 0) {
            throw new IllegalArgumentException("horizonHours must be positive, got " + horizonHours);
        }
        if (!ChurnFeatures.NAMES.equals(features)) {
            throw new IllegalArgumentException("trained on features " + features + ", but this build computes "
                    + ChurnFeatures.NAMES + ": retrain the model with this build");
        }
        if (mean == null || scale == null || weights == null || mean.length != n || scale.length != n
                || weights.length != n) {
            throw new IllegalArgumentException("mean, scale and weights must each have " + n + " values");
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(mean[i]) || !(scale[i] > 0) || !Double.isFinite(scale[i]) || !Double.isFinite(weights[i])) {
                throw new IllegalArgumentException("feature " + features.get(i)
                        + ": mean and weight must be finite and scale positive");
            }
        }
        if (!Double.isFinite(bias)) {
            throw new IllegalArgumentException("bias must be finite");
        }
        mean = mean.clone();
        scale = scale.clone();
        weights = weights.clone();
        training = training == null ? Map.of() : training;
    }

    /** The horizon as a duration. */
    public Duration horizon() {
        return Duration.ofHours(horizonHours);
    }

    /** Writes {@value #FILE} into {@code dir} (created if needed); returns the file. */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        Files.write(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
        return file;
    }

    /**
     * Reads an artifact.
     *
     * @param path the directory holding {@value #FILE}, or the file
     * @throws ModelArtifactException naming the file and the problem
     */
    public static ChurnArtifact read(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve(FILE) : path;
        if (!Files.isRegularFile(file)) {
            throw new ModelArtifactException(file + ": no churn model here (write one with 'profilestream-trainer churn --out DIR')");
        }
        try {
            return Json.mapper().readValue(file.toFile(), ChurnArtifact.class);
        } catch (IOException e) {
            // Jackson wraps the compact constructor's IllegalArgumentException: its message is the reason.
            Throwable reason = e;
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof IllegalArgumentException) {
                    reason = t;
                    break;
                }
            }
            throw new ModelArtifactException(file + ": not a usable churn model: " + reason.getMessage(), e);
        }
    }
}
