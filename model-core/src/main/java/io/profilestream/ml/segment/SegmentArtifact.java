package io.profilestream.ml.segment;

import io.profilestream.ml.artifact.ModelArtifactException;
import io.profilestream.ml.churn.ChurnArtifact;
import io.profilestream.model.serde.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The segment model as stored: the feature space (categories, training standardisation, feature
 * weights), the k centroids in that space, and each segment's description. One JSON file,
 * {@value #FILE}: a few hundred numbers people may want to read.
 *
 * <p>A raw {@link SegmentFeatures} vector {@code x} is mapped to {@code z_i = weight_i · (x_i − mean_i)
 * / scale_i}; centroids live in z-space and a user belongs to the nearest one (Euclidean).
 *
 * <p><b>Privacy.</b> {@code segments} (sizes and descriptions) are differentially private releases
 * (see {@code privacy}); the {@code categories} list, the standardisation and the {@code centroids}
 * are NOT: they are exact functions of the training users, needed to assign users, and must not be
 * shown outside the system. {@code training} holds exact run facts (user counts, quality
 * metrics) for the operators, and is not private either.
 *
 * @param formatVersion layout version ({@link #FORMAT_VERSION})
 * @param modelVersion  version label
 * @param createdAt     when it was trained
 * @param categories    the categories of the feature space, in feature order
 * @param features      feature names; must equal {@code SegmentFeatures.names(categories)}
 * @param mean          per-feature training mean
 * @param scale         per-feature training standard deviation (1 where it was 0)
 * @param weight        per-feature weight applied after standardisation
 * @param centroids     k centroids in the weighted standardised space
 * @param segments      one description per centroid, ids 0..k-1 in order
 * @param fold          the profile fold settings of the training profiles (checked by the service)
 * @param privacy       the DP releases behind {@code segments}: ε, mechanism, ledger receipts, coverage
 * @param training      run facts for people (input, k chosen, quality per k)
 */
public record SegmentArtifact(int formatVersion, String modelVersion, Instant createdAt, List<String> categories,
                              List<String> features, double[] mean, double[] scale, double[] weight,
                              double[][] centroids, List<SegmentDescription> segments, ChurnArtifact.Fold fold,
                              Map<String, Object> privacy, Map<String, Object> training) {

    /** The file name inside the artifact directory. */
    public static final String FILE = "segment-model.json";

    /** Current {@link #formatVersion()}. */
    public static final int FORMAT_VERSION = 1;

    /** Checks the shape, so a broken file fails at load time with a reason, not at the first request. */
    public SegmentArtifact {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("format version " + formatVersion + " is not " + FORMAT_VERSION);
        }
        if (modelVersion == null || modelVersion.isBlank()) {
            throw new IllegalArgumentException("modelVersion is missing");
        }
        if (categories == null) {
            throw new IllegalArgumentException("categories are missing");
        }
        categories = List.copyOf(categories);
        List<String> expected = SegmentFeatures.names(categories);
        if (!expected.equals(features)) {
            throw new IllegalArgumentException("trained on features " + features + ", but this build computes "
                    + expected + ": retrain the model with this build");
        }
        int n = expected.size();
        if (mean == null || scale == null || weight == null || mean.length != n || scale.length != n
                || weight.length != n) {
            throw new IllegalArgumentException("mean, scale and weight must each have " + n + " values");
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(mean[i]) || !(scale[i] > 0) || !Double.isFinite(scale[i])
                    || !Double.isFinite(weight[i]) || weight[i] < 0) {
                throw new IllegalArgumentException("feature " + features.get(i)
                        + ": mean must be finite, scale positive and weight finite and not negative");
            }
        }
        if (centroids == null || centroids.length == 0) {
            throw new IllegalArgumentException("at least one centroid is needed");
        }
        double[][] copy = new double[centroids.length][];
        for (int k = 0; k < centroids.length; k++) {
            if (centroids[k] == null || centroids[k].length != n) {
                throw new IllegalArgumentException("centroid " + k + " must have " + n + " values");
            }
            for (double v : centroids[k]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("centroid " + k + " has a value that is not finite");
                }
            }
            copy[k] = centroids[k].clone();
        }
        centroids = copy;
        if (segments == null || segments.size() != centroids.length) {
            throw new IllegalArgumentException("need one segment description per centroid (" + centroids.length + ")");
        }
        for (int k = 0; k < segments.size(); k++) {
            if (segments.get(k).id() != k) {
                throw new IllegalArgumentException("segment descriptions must have ids 0.." + (centroids.length - 1)
                        + " in order; position " + k + " has id " + segments.get(k).id());
            }
        }
        segments = List.copyOf(segments);
        mean = mean.clone();
        scale = scale.clone();
        weight = weight.clone();
        privacy = privacy == null ? Map.of() : privacy;
        training = training == null ? Map.of() : training;
    }

    /** Number of segments. */
    public int k() {
        return centroids.length;
    }

    /** Maps a raw {@link SegmentFeatures} vector into the centroids' space. */
    public double[] transform(double[] raw) {
        if (raw.length != mean.length) {
            throw new IllegalArgumentException("expected " + mean.length + " features, got " + raw.length);
        }
        double[] z = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            z[i] = weight[i] * (raw[i] - mean[i]) / scale[i];
        }
        return z;
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
    public static SegmentArtifact read(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve(FILE) : path;
        if (!Files.isRegularFile(file)) {
            throw new ModelArtifactException(file + ": no segment model here (write one with "
                    + "'profilestream-trainer segments --out DIR')");
        }
        try {
            return Json.mapper().readValue(file.toFile(), SegmentArtifact.class);
        } catch (IOException e) {
            // Jackson wraps the compact constructor's IllegalArgumentException: its message is the reason.
            Throwable reason = e;
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof IllegalArgumentException) {
                    reason = t;
                    break;
                }
            }
            throw new ModelArtifactException(file + ": not a usable segment model: " + reason.getMessage(), e);
        }
    }
}
