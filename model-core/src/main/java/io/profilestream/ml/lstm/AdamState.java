package io.profilestream.ml.lstm;

/**
 * Adam moments of one parameter array with decoupled weight decay (AdamW). Used lazily for item
 * rows: entries a batch does not touch keep their moments and are not decayed.
 */
final class AdamState {
    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;

    private final float[] m;
    private final float[] v;

    AdamState(int n) {
        m = new float[n];
        v = new float[n];
    }

    /**
     * Applies one update to {@code p[i]}.
     *
     * @param corr  learning rate with Adam's bias correction for this step
     * @param decay learning rate × weight decay (0 = none)
     */
    void update(float[] p, int pi, int i, float g, double corr, double decay) {
        m[i] = (float) (BETA1 * m[i] + (1 - BETA1) * g);
        v[i] = (float) (BETA2 * v[i] + (1 - BETA2) * g * g);
        p[pi] -= (float) (corr * m[i] / (Math.sqrt(v[i]) + EPSILON) + decay * p[pi]);
    }

    /** Bias-corrected step size of Adam step {@code t} (1-based). */
    static double corrected(double lr, long t) {
        return lr * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t));
    }
}
