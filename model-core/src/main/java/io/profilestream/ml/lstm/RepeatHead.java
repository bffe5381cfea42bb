package io.profilestream.ml.lstm;

import java.util.Arrays;

/**
 * The next-item model's repeat term: an extra score for every item the session already holds, by
 * how many clicks ago it was last clicked, next to a scale on the network's scores. Fitted by
 * {@link RepeatHeadFit} on held-out sessions with the network fixed.
 *
 * <p>Why: on the public samples 20-52 % of next clicks return to an item of the same session
 * (REES46 47 % to the last click). A tied-embedding LSTM reaches those only through the similarity
 * of h to the item's output vector, which it shares with every similar item, so it misses some and
 * ranks others low; V-SKNN and the hybrid ranker get nearly all of them from the session itself
 * (docs/BENCHMARKS.md). With this term item i scores
 * {@code scale·(h·outputWeights[i] + outputBias[i]) + recency[bucket(d)]} when the session holds it,
 * {@code d} clicks ago at the latest (0 = the last click), and {@code scale·(network score)} when
 * not. A positive scale keeps the network's order among the other items; it exists because the
 * network is overconfident on new sessions (Diginetica: validation cross-entropy 10.4, worse than
 * a uniform guess over its 6,229 items, 8.7), so on its raw scale no fixed recency term can weigh
 * the session against the network's top items.
 *
 * <p>Why fitted after training rather than with the network: trained jointly (with and without a
 * term from h), the network stopped learning the next NEW item, since the head took the repeats
 * that shape its embeddings: on Diginetica its new-item hits fell from 51 to 34 of 202 while the
 * repeats rose from 62 to 84 of 89 (docs/BENCHMARKS.md, 2026-12-02).
 *
 * @param scale   the network scores' multiplier, &gt; 0
 * @param recency one logit per distance bucket ({@link #BUCKETS} values)
 */
public record RepeatHead(float scale, float[] recency) {

    /** Distance buckets: 0, 1, 2, 3, 4, 5-6, 7-9, 10+ clicks ago. */
    public static final int BUCKETS = 8;

    /** Checks the length, that every value is finite and that the scale is positive. */
    public RepeatHead {
        if (!(scale > 0) || !Float.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be positive and finite, was " + scale);
        }
        if (recency == null || recency.length != BUCKETS) {
            throw new IllegalArgumentException("recency must have " + BUCKETS + " values, has "
                    + (recency == null ? "none" : recency.length));
        }
        for (float x : recency) {
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException("repeat head values must be finite, found " + x);
            }
        }
        recency = recency.clone();
    }

    /** The head of a model without one: scale 1, adds exactly 0 to every score. */
    public static RepeatHead none() {
        return new RepeatHead(1f, new float[BUCKETS]);
    }

    /** Whether the scale is 1 and every term 0 (then {@link #apply} changes nothing). */
    public boolean isNone() {
        if (scale != 1f) {
            return false;
        }
        for (float x : recency) {
            if (x != 0f) {
                return false;
            }
        }
        return true;
    }

    /** A copy of the logits per bucket. */
    @Override
    public float[] recency() {
        return recency.clone();
    }

    /** Bucket of an item last clicked {@code distance} clicks before the newest (0 = the newest). */
    public static int bucket(int distance) {
        if (distance < 0) {
            throw new IllegalArgumentException("distance must be >= 0, was " + distance);
        }
        if (distance <= 4) {
            return distance;
        }
        return distance <= 6 ? 5 : distance <= 9 ? 6 : 7;
    }

    /** The term of an item last clicked {@code distance} clicks ago. */
    public float term(int distance) {
        return recency[bucket(distance)];
    }

    /** A network score on this head's scale: {@code scale·score}, in float as {@link #apply} computes it. */
    public float scaled(float networkScore) {
        return scale * networkScore;
    }

    /**
     * Turns the network's scores in {@code out} into the model's: every score times {@link #scale},
     * then the term added for each distinct item of {@code prefix[0..length)}, by the distance of
     * its newest occurrence.
     *
     * @param prefix vocabulary indexes of the session's clicks, oldest first; callers leave unknown
     *               items out, as the LSTM's replay skips them, so distances count known clicks
     */
    public void apply(int[] prefix, int length, float[] out) {
        if (scale != 1f) {
            for (int j = 0; j < out.length; j++) {
                out[j] = scaled(out[j]);
            }
        }
        forEachNewest(prefix, length, (item, distance) -> out[item] += term(distance));
    }

    /** Receives one distinct session item and how many clicks ago it was last clicked. */
    @FunctionalInterface
    public interface SessionItem {
        void accept(int item, int distance);
    }

    /**
     * Visits each distinct item of {@code prefix[0..length)} once, newest first, with the distance
     * of its newest occurrence (0 = the last click): the items and distances the head scores.
     */
    public static void forEachNewest(int[] prefix, int length, SessionItem visitor) {
        outer:
        for (int i = length - 1; i >= 0; i--) {
            for (int j = i + 1; j < length; j++) {
                if (prefix[j] == prefix[i]) {
                    continue outer;
                }
            }
            visitor.accept(prefix[i], length - 1 - i);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RepeatHead r && Float.compare(scale, r.scale) == 0 && Arrays.equals(recency, r.recency);
    }

    @Override
    public int hashCode() {
        return 31 * Float.hashCode(scale) + Arrays.hashCode(recency);
    }

    @Override
    public String toString() {
        return "RepeatHead[scale=" + scale + ", recency=" + Arrays.toString(recency) + "]";
    }
}
