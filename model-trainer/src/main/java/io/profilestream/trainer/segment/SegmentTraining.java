package io.profilestream.trainer.segment;

import io.profilestream.ml.segment.ClusterQuality;
import io.profilestream.ml.segment.KMeansSegmenter;
import io.profilestream.ml.segment.SegmentFeatures;
import io.profilestream.model.profile.UserProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The fitting half of {@code segments}, without I/O: the category list, the feature rows, k-means
 * per k with its baselines on the same rows, and the choice of k.
 */
public final class SegmentTraining {

    /**
     * Settings.
     *
     * @param categories     categories in the feature space (the most common top categories)
     * @param categoryWeight weight of each (unstandardised, 0..1) share feature
     * @param maxIterations  Lloyd iterations at most
     * @param seed           seed of k-means++ and of the random baseline
     */
    public record Settings(int categories, double categoryWeight, int maxIterations, long seed) {

        /** Checks the ranges. */
        public Settings {
            if (categories < 1 || !(categoryWeight >= 0) || maxIterations < 1) {
                throw new IllegalArgumentException("categories >= 1, category weight >= 0 and iterations >= 1 required");
            }
        }
    }

    /**
     * The training users in the model's space.
     *
     * @param categories  the category list
     * @param profiles    the users' profiles, in row order
     * @param raw         raw feature rows
     * @param standardise which features are standardised
     * @param weight      feature weights
     */
    public record Space(List<String> categories, List<UserProfile> profiles, double[][] raw, boolean[] standardise,
                        double[] weight) {
    }

    /**
     * One k: the model's fit and its quality row.
     *
     * @param fit the k-means fit
     * @param row quality against the baselines
     */
    public record Candidate(KMeansSegmenter.Fit fit, SegmentReport.QualityRow row) {
    }

    private SegmentTraining() {
    }

    /**
     * The {@code n} most common top categories (by number of users whose top category it is; ties
     * by name), NOT differentially private: the list is part of the model, not of the release.
     */
    public static List<String> commonTopCategories(List<UserProfile> profiles, int n) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (UserProfile p : profiles) {
            p.categoryAffinity().topShares(1).keySet().forEach(c -> counts.merge(c, 1L, Long::sum));
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(n).map(Map.Entry::getKey).toList();
    }

    /** The feature space of {@code profiles} as of {@code asOf}. */
    public static Space space(List<UserProfile> profiles, Instant asOf, Settings settings) {
        List<String> categories = commonTopCategories(profiles, settings.categories());
        int n = SegmentFeatures.names(categories).size();
        double[][] raw = new double[profiles.size()][];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = SegmentFeatures.of(profiles.get(i), asOf, categories);
        }
        boolean[] standardise = new boolean[n];
        double[] weight = new double[n];
        for (int j = 0; j < n; j++) {
            // Shares (listed categories and share_other) are kept on their 0..1 scale, see KMeansSegmenter.
            boolean share = j <= categories.size();
            standardise[j] = !share;
            weight[j] = share ? settings.categoryWeight() : 1.0;
        }
        return new Space(categories, profiles, raw, standardise, weight);
    }

    /** Fits k-means for one k and measures it against a random assignment and k-means on recency alone. */
    public static Candidate candidate(Space space, int k, Settings settings) {
        KMeansSegmenter.Fit fit = KMeansSegmenter.fit(space.raw(), space.standardise(), space.weight(), k,
                settings.maxIterations(), settings.seed());
        double[][] z = fit.z();
        SplittableRandom random = new SplittableRandom(settings.seed());
        int[] randomAssignment = new int[z.length];
        for (int i = 0; i < z.length; i++) {
            randomAssignment[i] = random.nextInt(k);
        }
        int r = SegmentFeatures.recencyIndex(space.categories().size());
        double[][] recency = new double[z.length][];
        for (int i = 0; i < z.length; i++) {
            recency[i] = new double[] {z[i][r]};
        }
        int[] recencyAssignment = KMeansSegmenter.assign(
                KMeansSegmenter.cluster(recency, k, settings.maxIterations(), settings.seed()), recency);
        int[] sizes = new int[k];
        for (int a : fit.assignment()) {
            sizes[a]++;
        }
        int smallest = java.util.Arrays.stream(sizes).min().orElse(0);
        return new Candidate(fit, new SegmentReport.QualityRow(k,
                ClusterQuality.silhouette(z, fit.assignment(), k), ClusterQuality.daviesBouldin(z, fit.assignment(), k),
                ClusterQuality.silhouette(z, randomAssignment, k), ClusterQuality.daviesBouldin(z, randomAssignment, k),
                ClusterQuality.silhouette(z, recencyAssignment, k), ClusterQuality.daviesBouldin(z, recencyAssignment, k),
                smallest));
    }

    /** Candidates for k = kMin..kMax. */
    public static List<Candidate> candidates(Space space, int kMin, int kMax, Settings settings) {
        List<Candidate> out = new ArrayList<>();
        for (int k = kMin; k <= kMax; k++) {
            out.add(candidate(space, k, settings));
        }
        return out;
    }

    /**
     * The candidate with the highest silhouette among those whose smallest segment has at least
     * {@code minSegment} users (ties: the smaller k, the simpler model); when none qualifies, the
     * best of all. The floor matters: k-means happily cuts off a handful of outliers as a segment,
     * which raises the silhouette but is useless for marketing, and its DP size would be mostly noise.
     */
    public static Candidate best(List<Candidate> candidates, int minSegment) {
        Candidate best = null;
        for (Candidate c : candidates) {
            if (c.row().smallest() >= minSegment && (best == null || c.row().silhouette() > best.row().silhouette())) {
                best = c;
            }
        }
        if (best != null) {
            return best;
        }
        for (Candidate c : candidates) {
            if (best == null || c.row().silhouette() > best.row().silhouette()) {
                best = c;
            }
        }
        return best;
    }
}
