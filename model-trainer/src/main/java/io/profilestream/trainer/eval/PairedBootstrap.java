package io.profilestream.trainer.eval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * How sure "scorer A is X times scorer B" is, on the test sessions both were evaluated on: a
 * paired percentile bootstrap over test <em>sessions</em>, or over test <em>users</em> when the
 * sessions are grouped by user (a cluster bootstrap). Not over positions: the positions of one
 * session share its history, and the sessions of one user share their user (Taobao's sessions
 * are inactivity-gap cuts of long user histories), so resampling the smaller unit would make the
 * interval too narrow.
 *
 * <p>Each resample draws as many units as the test set has, with replacement, the same draw for
 * both scorers, and computes the ratio of their Recall@K (and MRR@K). Because both scorers predict
 * the same positions, a ratio of means is a ratio of sums: {@code Σ hits_A / Σ hits_B}. The
 * interval is the 2.5th and 97.5th percentile of the resampled ratios. Resamples in which B has no
 * hit have no ratio and are left out; {@link Interval#undefinedResamples()} counts them.
 *
 * <p>Deterministic for a seed. A test set of a few hundred predictions gives wide intervals (the
 * Diginetica sample: Recall@20 ratios ±~0.1), which is the point of printing them. The interval
 * covers the test sample only, not the spread between training runs with other seeds.
 */
public final class PairedBootstrap {

    /** Resamples used when nothing else is said. */
    public static final int DEFAULT_RESAMPLES = 2_000;

    /**
     * A ratio and its 95 % percentile interval.
     *
     * @param estimate  the ratio on the test set itself
     * @param low       2.5th percentile of the resampled ratios
     * @param high      97.5th percentile of the resampled ratios
     * @param undefinedResamples resamples left out because the reference had no hit in them
     */
    public record Interval(double estimate, double low, double high, int undefinedResamples) {
    }

    /**
     * One scorer against the reference.
     *
     * @param scorer      the compared scorer
     * @param reference   the scorer it is divided by
     * @param k           the cutoff
     * @param recallRatio Recall@K of {@code scorer} / Recall@K of {@code reference}
     * @param mrrRatio    MRR@K of {@code scorer} / MRR@K of {@code reference}
     * @param resamples   bootstrap resamples drawn
     * @param unit        what was resampled: {@code sessions} or {@code users}
     * @param units       how many of them the test set has
     */
    public record Comparison(String scorer, String reference, int k, Interval recallRatio, Interval mrrRatio,
                             int resamples, String unit, int units) {
    }

    private final int resamples;
    private final long seed;
    private final int[] groups;
    private final int groupCount;

    /**
     * Resamples sessions.
     *
     * @param resamples bootstrap resamples, at least 1
     * @param seed      seed of the draws
     */
    public PairedBootstrap(int resamples, long seed) {
        this(resamples, seed, null);
    }

    /**
     * Resamples groups of sessions, e.g. users.
     *
     * @param resamples bootstrap resamples, at least 1
     * @param seed      seed of the draws
     * @param groups    the group (0..g-1) of every test session, in evaluation order; null = one group per session
     */
    public PairedBootstrap(int resamples, long seed, int[] groups) {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be at least 1, was " + resamples);
        }
        this.resamples = resamples;
        this.seed = seed;
        this.groups = groups == null ? null : groups.clone();
        this.groupCount = groups == null ? 0 : Arrays.stream(groups).max().orElse(-1) + 1;
    }

    /**
     * One group per distinct user of {@code sessions}, numbered in order of appearance, or null
     * (resample sessions) when any session has no user.
     */
    public static int[] usersOf(List<TestSession> sessions) {
        if (sessions.isEmpty() || sessions.stream().anyMatch(s -> s.user().isEmpty())) {
            return null;
        }
        Map<String, Integer> ids = new HashMap<>();
        int[] out = new int[sessions.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids.computeIfAbsent(sessions.get(i).user(), u -> ids.size());
        }
        return out;
    }

    /**
     * Compares {@code a} with {@code b} at cutoff {@code k}.
     *
     * @throws IllegalArgumentException when the two were not evaluated on the same sessions
     *                                  (different session counts or predictions per session)
     */
    public Comparison compare(String scorer, Metrics a, String reference, Metrics b, int k) {
        int[] sessionsA = a.sessionPredictions();
        if (!Arrays.equals(sessionsA, b.sessionPredictions())) {
            throw new IllegalArgumentException(scorer + " and " + reference
                    + " were not evaluated on the same test sessions: no paired comparison");
        }
        if (sessionsA.length == 0) {
            throw new IllegalArgumentException("no test sessions to resample");
        }
        if (groups != null && groups.length != sessionsA.length) {
            throw new IllegalArgumentException("groups for " + groups.length + " sessions, but " + sessionsA.length
                    + " sessions were evaluated");
        }
        Interval recall = interval(grouped(a.sessionHits(k)), grouped(b.sessionHits(k)));
        Interval mrr = interval(grouped(a.sessionReciprocalRanks(k)), grouped(b.sessionReciprocalRanks(k)));
        int units = groups == null ? sessionsA.length : groupCount;
        return new Comparison(scorer, reference, k, recall, mrr, resamples, groups == null ? "sessions" : "users", units);
    }

    /** Per-session sums added up per group (the sessions themselves without groups). */
    private double[] grouped(double[] perSession) {
        if (groups == null) {
            return perSession;
        }
        double[] out = new double[groupCount];
        for (int s = 0; s < perSession.length; s++) {
            out[groups[s]] += perSession[s];
        }
        return out;
    }

    private Interval interval(double[] a, double[] b) {
        // The same seed for every metric and scorer: all comparisons of one run see the same draws.
        SplittableRandom random = new SplittableRandom(seed);
        int n = a.length;
        double[] ratios = new double[resamples];
        int defined = 0;
        for (int r = 0; r < resamples; r++) {
            double sumA = 0;
            double sumB = 0;
            for (int i = 0; i < n; i++) {
                int s = random.nextInt(n);
                sumA += a[s];
                sumB += b[s];
            }
            if (sumB > 0) {
                ratios[defined++] = sumA / sumB;
            }
        }
        double estimate = ratio(sum(a), sum(b));
        if (defined == 0) {
            return new Interval(estimate, Double.NaN, Double.NaN, resamples);
        }
        Percentile percentile = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        percentile.setData(ratios, 0, defined);
        return new Interval(estimate, percentile.evaluate(2.5), percentile.evaluate(97.5), resamples - defined);
    }

    private static double ratio(double a, double b) {
        return b > 0 ? a / b : Double.NaN;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
