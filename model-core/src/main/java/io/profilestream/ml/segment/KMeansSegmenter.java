package io.profilestream.ml.segment;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.JDKRandomGenerator;

/**
 * Fits segments: standardises the raw {@link SegmentFeatures} rows with their own means and
 * population standard deviations (only the features marked for it), applies the feature weights, and runs k-means++ seeding with
 * Lloyd iterations from commons-math3 ({@link KMeansPlusPlusClusterer}, a maintained
 * implementation rather than our own) with a seeded generator, so a run is reproducible.
 * Members are then assigned with {@link NearestCentroidSegmentModel#nearest}, the serving code.
 */
public final class KMeansSegmenter {

    /**
     * The fitted space and clusters.
     *
     * @param mean       per-feature mean of the rows
     * @param scale      per-feature standard deviation (1 where it was 0: a constant feature)
     * @param weight     per-feature weight, as given
     * @param centroids  k centroids in the weighted standardised space
     * @param assignment the segment of each row, by the serving rule (nearest centroid)
     * @param z          the rows in the weighted standardised space (for quality metrics)
     */
    public record Fit(double[] mean, double[] scale, double[] weight, double[][] centroids, int[] assignment,
                      double[][] z) {
    }

    private KMeansSegmenter() {
    }

    /**
     * Standardises {@code raw} and clusters it.
     *
     * @param raw           raw feature rows, at least {@code k}
     * @param standardise   per feature: true to centre and scale it, false to keep it as is (mean 0,
     *                      scale 1), e.g. category shares, already on a common 0..1 scale where
     *                      standardising would blow a rare category's share up to many units
     * @param weight        per-feature weight applied after standardisation
     * @param k             number of segments, at least 1
     * @param maxIterations Lloyd iterations at most
     * @param seed          seed of the k-means++ seeding (and of empty-cluster repair)
     * @throws IllegalArgumentException on ragged rows, fewer rows than k, or a bad weight count
     */
    public static Fit fit(double[][] raw, boolean[] standardise, double[] weight, int k, int maxIterations, long seed) {
        if (raw.length < k || k < 1) {
            throw new IllegalArgumentException("need at least k = " + k + " users (and k >= 1), got " + raw.length);
        }
        int n = raw[0].length;
        if (weight.length != n || standardise.length != n) {
            throw new IllegalArgumentException("expected " + n + " weights and standardise flags, got " + weight.length
                    + " and " + standardise.length);
        }
        double[] mean = new double[n];
        double[] scale = new double[n];
        for (int r = 0; r < raw.length; r++) {
            if (raw[r].length != n) {
                throw new IllegalArgumentException("row " + r + " has " + raw[r].length + " features, expected " + n);
            }
            for (int j = 0; j < n; j++) {
                mean[j] += raw[r][j] / raw.length;
            }
        }
        for (double[] row : raw) {
            for (int j = 0; j < n; j++) {
                scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / raw.length;
            }
        }
        for (int j = 0; j < n; j++) {
            if (!standardise[j]) {
                mean[j] = 0.0;
                scale[j] = 1.0;
                continue;
            }
            // A constant feature (e.g. prices on a source without them) carries no distance; 1 avoids 0/0.
            scale[j] = scale[j] > 1e-12 ? Math.sqrt(scale[j]) : 1.0;
        }
        double[][] z = new double[raw.length][n];
        for (int r = 0; r < raw.length; r++) {
            for (int j = 0; j < n; j++) {
                z[r][j] = weight[j] * (raw[r][j] - mean[j]) / scale[j];
            }
        }
        double[][] centroids = cluster(z, k, maxIterations, seed);
        return new Fit(mean, scale, weight.clone(), centroids, assign(centroids, z), z);
    }

    /**
     * k-means++ / Lloyd on rows already in their final space (also used for baselines, e.g.
     * recency alone).
     *
     * @return k centroids, in the clusterer's order
     */
    public static double[][] cluster(double[][] z, int k, int maxIterations, long seed) {
        JDKRandomGenerator random = new JDKRandomGenerator();
        random.setSeed(seed);
        KMeansPlusPlusClusterer<DoublePoint> clusterer = new KMeansPlusPlusClusterer<>(k, maxIterations,
                new EuclideanDistance(), random, KMeansPlusPlusClusterer.EmptyClusterStrategy.LARGEST_VARIANCE);
        List<DoublePoint> points = new ArrayList<>(z.length);
        for (double[] row : z) {
            points.add(new DoublePoint(row));
        }
        List<CentroidCluster<DoublePoint>> clusters = clusterer.cluster(points);
        double[][] centroids = new double[clusters.size()][];
        for (int c = 0; c < clusters.size(); c++) {
            centroids[c] = clusters.get(c).getCenter().getPoint().clone();
        }
        return centroids;
    }

    /** Each row's nearest centroid (the serving rule). */
    public static int[] assign(double[][] centroids, double[][] z) {
        int[] out = new int[z.length];
        for (int r = 0; r < z.length; r++) {
            out[r] = NearestCentroidSegmentModel.nearest(centroids, z[r]).segment();
        }
        return out;
    }
}
