package io.profilestream.trainer.eval;

/** Rank of a target among all scores, and the top-N list; each is one pass over the scores. */
public final class Ranking {

    private Ranking() {
    }

    /**
     * 1 + (items scored strictly higher than the target) + 0.5 × (other items scored equal). NaN
     * scores of other items count as lower.
     *
     * @throws IllegalStateException when the target's own score is NaN (a scorer bug, not a miss)
     */
    public static double rank(float[] scores, int target) {
        float t = scores[target];
        if (Float.isNaN(t)) {
            throw new IllegalStateException("the target's score is NaN");
        }
        int higher = 0;
        int equal = 0;
        for (float s : scores) {
            if (s > t) {
                higher++;
            } else if (s == t) {
                equal++;
            }
        }
        return 1 + higher + 0.5 * (equal - 1);
    }

    /**
     * The {@code out.length} best items, best first; equal scores in vocabulary-index order; NaN
     * scores never chosen.
     *
     * @return how many entries of {@code out} were filled (less than its length only for tiny vocabularies)
     */
    public static int top(float[] scores, int[] out) {
        int n = out.length;
        float[] best = new float[n];
        int size = 0;
        for (int i = 0; i < scores.length; i++) {
            float s = scores[i];
            if (Float.isNaN(s) || size == n && !(s > best[n - 1])) {
                continue;
            }
            int j = size < n ? size++ : n - 1;
            // Only strictly lower scores move down: an equal score already there has the lower index.
            while (j > 0 && best[j - 1] < s) {
                best[j] = best[j - 1];
                out[j] = out[j - 1];
                j--;
            }
            best[j] = s;
            out[j] = i;
        }
        return size;
    }
}
