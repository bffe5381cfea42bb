package io.profilestream.ml.lstm;

import io.profilestream.ml.NextItemModel;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealVector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fits a {@link RepeatHead} to a trained network on held-out sessions: the scale and the 8 recency
 * logits that minimise the mean next-click cross-entropy of the FULL softmax over every item, with
 * the network's scores fixed, plus a small L2 penalty towards scale 1 and logits 0 and a penalty
 * on the difference of neighbouring buckets' logits.
 *
 * <p>The loss is convex in the 9 parameters (a log-sum-exp of functions linear in them), so
 * Newton's method with a backtracking line search from (1, 0, ..., 0) finds the one minimum in a
 * few dozen passes. Each pass scores every kept position against the whole catalogue, so the
 * positions kept are capped at {@value #MAX_SCORES} scores in all (Taobao's 46,900 items: 1,023
 * positions).
 */
public final class RepeatHeadFit {

    /**
     * What a fit found.
     *
     * @param head        the fitted head
     * @param predictions positions fitted on
     * @param repeatShare share of those positions whose target the session already held
     * @param lossBefore  mean cross-entropy of the network alone
     * @param lossAfter   mean cross-entropy with the head
     * @param iterations  Newton steps taken
     */
    public record Fit(RepeatHead head, long predictions, double repeatShare, double lossBefore, double lossAfter,
                      int iterations) {
    }

    static final double L2 = 1e-3;
    static final double SMOOTH = 1e-2;
    /**
     * Scores kept at most: 48 M floats (192 MB), or a sixteenth of the heap when that is less
     * (a 1.5 GB trainer keeps 94 MB).
     */
    static final long MAX_SCORES = Math.min(48_000_000L, Runtime.getRuntime().maxMemory() / 16 / Float.BYTES);
    private static final int PARAMS = 1 + RepeatHead.BUCKETS;
    private static final int MAX_ITERATIONS = 50;
    private static final double TOLERANCE = 1e-7;

    private RepeatHeadFit() {
    }

    /**
     * Fits the head to {@code network}'s scores of the positions of {@code sessions}.
     *
     * @param network        scores by {@link NextItemModel#scores(NextItemModel.State, float[])}, the
     *                       network alone
     * @param sessions       held-out sessions (vocabulary indexes, oldest first)
     * @param maxPredictions positions used at most, in session order (fewer when the catalogue is large)
     * @return the head and what the fit measured
     * @throws IllegalArgumentException when the sessions hold no position (no session of 2+ clicks)
     */
    public static Fit fit(NextItemModel network, List<int[]> sessions, long maxPredictions) {
        long cap = Math.max(1, Math.min(maxPredictions, MAX_SCORES / network.vocabulary().size()));
        List<Position> rows = positions(network, sessions, cap);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no held-out session has 2 or more clicks to fit the repeat head on");
        }
        double[] theta = theta(RepeatHead.none());
        double[] grad = new double[PARAMS];
        double[][] hessian = new double[PARAMS][PARAMS];
        double before = crossEntropy(rows, theta, null, null);
        int iterations = 0;
        double objective = objective(rows, theta, grad, hessian);
        while (iterations < MAX_ITERATIONS) {
            RealVector g = new ArrayRealVector(grad, false);
            if (g.getLInfNorm() < TOLERANCE) {
                break;
            }
            RealVector step = new LUDecomposition(new Array2DRowRealMatrix(hessian, false)).getSolver()
                    .solve(g.mapMultiply(-1));
            double slope = g.dotProduct(step);
            double t = 1;
            double[] next = new double[PARAMS];
            double nextObjective = Double.POSITIVE_INFINITY;
            for (int halvings = 0; halvings < 40; halvings++, t /= 2) {
                for (int p = 0; p < PARAMS; p++) {
                    next[p] = theta[p] + t * step.getEntry(p);
                }
                if (next[0] > 0) {
                    nextObjective = objective(rows, next, null, null);
                    if (Double.isFinite(nextObjective) && nextObjective <= objective + 1e-4 * t * slope) {
                        break;
                    }
                }
            }
            if (!(nextObjective < objective)) {
                break; // no descent left at double precision
            }
            theta = next;
            iterations++;
            objective = objective(rows, theta, grad, hessian);
        }
        float[] recency = new float[RepeatHead.BUCKETS];
        for (int b = 0; b < recency.length; b++) {
            recency[b] = (float) theta[1 + b];
        }
        RepeatHead head = new RepeatHead((float) theta[0], recency);
        long repeats = rows.stream().filter(r -> r.targetBucket >= 0).count();
        return new Fit(head, rows.size(), (double) repeats / rows.size(), before,
                crossEntropy(rows, theta(head), null, null), iterations);
    }

    /** The head's parameters as the fit's θ = (scale, recency...). */
    private static double[] theta(RepeatHead head) {
        double[] theta = new double[PARAMS];
        theta[0] = head.scale();
        float[] recency = head.recency();
        for (int b = 0; b < recency.length; b++) {
            theta[1 + b] = recency[b];
        }
        return theta;
    }

    /**
     * One position: the network's scores of every item, the session's distinct items and their
     * distance buckets, the target and its bucket (−1 when the session does not hold it).
     */
    private record Position(float[] scores, int[] sessionItems, int[] sessionBuckets, int target, int targetBucket) {
    }

    private static List<Position> positions(NextItemModel network, List<int[]> sessions, long maxPredictions) {
        List<Position> rows = new ArrayList<>();
        outer:
        for (int[] session : sessions) {
            NextItemModel.State state = network.initialState();
            for (int i = 0; i + 1 < session.length; i++) {
                if (rows.size() >= maxPredictions) {
                    break outer;
                }
                state = network.step(state, session[i]);
                float[] scores = new float[network.vocabulary().size()];
                network.scores(state, scores);
                rows.add(position(scores, session, i + 1, session[i + 1]));
            }
        }
        return rows;
    }

    private static Position position(float[] scores, int[] prefix, int length, int target) {
        int[] items = new int[length];
        int[] buckets = new int[length];
        int[] n = {0};
        RepeatHead.forEachNewest(prefix, length, (item, distance) -> {
            items[n[0]] = item;
            buckets[n[0]++] = RepeatHead.bucket(distance);
        });
        int targetBucket = -1;
        for (int j = 0; j < n[0]; j++) {
            if (items[j] == target) {
                targetBucket = buckets[j];
            }
        }
        return new Position(scores, Arrays.copyOf(items, n[0]), Arrays.copyOf(buckets, n[0]), target, targetBucket);
    }

    /**
     * Cross-entropy plus {@link #L2}·((scale − 1)² + Σw²)/2 plus {@link #SMOOTH}·Σ(w_b − w_{b+1})²/2;
     * gradient and Hessian of that when not null. The first penalty keeps the Hessian positive
     * definite when a parameter has no data (a bucket no session reaches, or a network that scores
     * every item alike); the second lets a bucket with few held-out returns borrow from its
     * neighbours (unsmoothed, Diginetica's 208 validation positions gave distances 3 and 4 a term of
     * −0.1 between 4.4-5.0 for 2 and 5-6).
     */
    private static double objective(List<Position> rows, double[] theta, double[] grad, double[][] hessian) {
        double penalty = 0;
        double ce = crossEntropy(rows, theta, grad, hessian);
        for (int i = 0; i < PARAMS; i++) {
            double d = theta[i] - (i == 0 ? 1 : 0);
            penalty += L2 * d * d;
            if (grad != null) {
                grad[i] += L2 * d;
                hessian[i][i] += L2;
            }
        }
        for (int b = 1; b + 1 < PARAMS; b++) {
            double d = theta[b] - theta[b + 1];
            penalty += SMOOTH * d * d;
            if (grad != null) {
                grad[b] += SMOOTH * d;
                grad[b + 1] -= SMOOTH * d;
                hessian[b][b] += SMOOTH;
                hessian[b + 1][b + 1] += SMOOTH;
                hessian[b][b + 1] -= SMOOTH;
                hessian[b + 1][b] -= SMOOTH;
            }
        }
        return ce + penalty / 2;
    }

    /**
     * Mean cross-entropy at θ = (scale, recency...): item i's logit is scale·s_i, plus recency[b]
     * for a session item of bucket b. With {@code grad}/{@code hessian}: its gradient E_p[φ] − φ_target
     * and Hessian Cov_p[φ] in the features φ_i = (s_i, one-hot bucket of i).
     */
    private static double crossEntropy(List<Position> rows, double[] theta, double[] grad, double[][] hessian) {
        if (grad != null) {
            Arrays.fill(grad, 0);
            for (double[] row : hessian) {
                Arrays.fill(row, 0);
            }
        }
        double a = theta[0];
        double total = 0;
        double[] e = new double[PARAMS]; // E_p[φ] of one position
        double[] q = new double[PARAMS]; // E_p[s·φ] of one position (q[0] = E_p[s²])
        boolean[] inSession = new boolean[rows.get(0).scores.length];
        for (Position p : rows) {
            float[] s = p.scores;
            for (int item : p.sessionItems) {
                inSession[item] = true;
            }
            // Each item's exp is summed once, with its own logit (session items with their term):
            // adding the term as a correction later cancels when a session item dominates.
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < s.length; i++) {
                if (!inSession[i]) {
                    max = Math.max(max, a * s[i]);
                }
            }
            for (int j = 0; j < p.sessionItems.length; j++) {
                max = Math.max(max, a * s[p.sessionItems[j]] + theta[1 + p.sessionBuckets[j]]);
            }
            double z = 0;
            double s1 = 0;
            double s2 = 0;
            for (int i = 0; i < s.length; i++) {
                if (!inSession[i]) {
                    double x = s[i];
                    double w = Math.exp(a * x - max);
                    z += w;
                    s1 += w * x;
                    s2 += w * x * x;
                }
            }
            Arrays.fill(e, 0);
            Arrays.fill(q, 0);
            for (int j = 0; j < p.sessionItems.length; j++) {
                double x = s[p.sessionItems[j]];
                int b = 1 + p.sessionBuckets[j];
                double w = Math.exp(a * x + theta[b] - max);
                z += w;
                s1 += w * x;
                s2 += w * x * x;
                e[b] += w;
                q[b] += w * x;
                inSession[p.sessionItems[j]] = false;
            }
            double targetLogit = a * s[p.target] + (p.targetBucket >= 0 ? theta[1 + p.targetBucket] : 0);
            total += Math.log(z) + max - targetLogit;
            if (grad != null) {
                e[0] = s1 / z;
                q[0] = s2 / z;
                for (int b = 1; b < PARAMS; b++) {
                    e[b] /= z;
                    q[b] /= z;
                }
                grad[0] += e[0] - s[p.target];
                if (p.targetBucket >= 0) {
                    grad[1 + p.targetBucket] -= 1;
                }
                for (int b = 1; b < PARAMS; b++) {
                    grad[b] += e[b];
                }
                hessian[0][0] += q[0] - e[0] * e[0];
                for (int b = 1; b < PARAMS; b++) {
                    double h0b = q[b] - e[0] * e[b];
                    hessian[0][b] += h0b;
                    hessian[b][0] += h0b;
                    for (int c = 1; c < PARAMS; c++) {
                        hessian[b][c] += (b == c ? e[b] : 0) - e[b] * e[c];
                    }
                }
            }
        }
        int n = rows.size();
        if (grad != null) {
            for (int i = 0; i < PARAMS; i++) {
                grad[i] /= n;
                for (int j = 0; j < PARAMS; j++) {
                    hessian[i][j] /= n;
                }
            }
        }
        return total / n;
    }

}
