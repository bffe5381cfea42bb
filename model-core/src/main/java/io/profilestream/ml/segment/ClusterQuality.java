package io.profilestream.ml.segment;

/**
 * Internal quality of a clustering, for choosing k and comparing with baselines on the same
 * points: the mean silhouette (−1..1, higher is better) and the Davies-Bouldin index (≥ 0, lower
 * is better). Exact, O(n²) distances: fine for the thousands of users the trainer clusters.
 */
public final class ClusterQuality {

    private ClusterQuality() {
    }

    /**
     * Mean silhouette over all points, Euclidean. A point alone in its cluster scores 0
     * (Rousseeuw's convention); with fewer than two non-empty clusters the silhouette is undefined
     * and NaN is returned.
     *
     * @param z          points
     * @param assignment cluster of each point, 0..k-1
     * @param k          number of clusters
     */
    public static double silhouette(double[][] z, int[] assignment, int k) {
        int n = z.length;
        int[] sizes = sizes(assignment, k);
        int nonEmpty = 0;
        for (int s : sizes) {
            nonEmpty += s > 0 ? 1 : 0;
        }
        if (nonEmpty < 2) {
            return Double.NaN;
        }
        double total = 0;
        double[] sumTo = new double[k];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(sumTo, 0);
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    sumTo[assignment[j]] += Math.sqrt(NearestCentroidSegmentModel.squaredDistance(z[i], z[j]));
                }
            }
            int own = assignment[i];
            if (sizes[own] < 2) {
                continue;
            }
            double a = sumTo[own] / (sizes[own] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != own && sizes[c] > 0) {
                    b = Math.min(b, sumTo[c] / sizes[c]);
                }
            }
            total += (b - a) / Math.max(a, b);
        }
        return total / n;
    }

    /**
     * Davies-Bouldin index over the non-empty clusters, with the clusters' own means as centres;
     * NaN with fewer than two non-empty clusters.
     */
    public static double daviesBouldin(double[][] z, int[] assignment, int k) {
        int dims = z[0].length;
        int[] sizes = sizes(assignment, k);
        double[][] centres = new double[k][dims];
        for (int i = 0; i < z.length; i++) {
            for (int d = 0; d < dims; d++) {
                centres[assignment[i]][d] += z[i][d] / sizes[assignment[i]];
            }
        }
        double[] spread = new double[k];
        for (int i = 0; i < z.length; i++) {
            spread[assignment[i]] += Math.sqrt(NearestCentroidSegmentModel.squaredDistance(z[i], centres[assignment[i]]))
                    / sizes[assignment[i]];
        }
        double sum = 0;
        int counted = 0;
        for (int c = 0; c < k; c++) {
            if (sizes[c] == 0) {
                continue;
            }
            double worst = Double.NEGATIVE_INFINITY;
            for (int o = 0; o < k; o++) {
                if (o != c && sizes[o] > 0) {
                    double separation = Math.sqrt(NearestCentroidSegmentModel.squaredDistance(centres[c], centres[o]));
                    worst = Math.max(worst, separation == 0 ? Double.POSITIVE_INFINITY
                            : (spread[c] + spread[o]) / separation);
                }
            }
            if (worst == Double.NEGATIVE_INFINITY) {
                return Double.NaN;
            }
            sum += worst;
            counted++;
        }
        return sum / counted;
    }

    private static int[] sizes(int[] assignment, int k) {
        int[] sizes = new int[k];
        for (int a : assignment) {
            sizes[a]++;
        }
        return sizes;
    }
}
