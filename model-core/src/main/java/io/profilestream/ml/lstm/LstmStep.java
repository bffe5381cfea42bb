package io.profilestream.ml.lstm;

import io.profilestream.ml.NextItemModel.State;

/**
 * The LSTM step in plain Java: no native call, no allocation besides the new state, ~tens of µs at
 * hidden 128 (PROBES.md), so it can run once per event inside a stream processor. It computes what
 * DL4J's {@code LSTM} layer computes: z = x·W + h·RW + b; a = tanh(z₀), f = σ(z₁), o = σ(z₂),
 * i = σ(z₃); c' = f·c + i·a; h' = o·tanh(c').
 */
public final class LstmStep {

    private LstmStep() {
    }

    /** Advances {@code s} by the embedding of {@code item}. */
    public static State step(LstmWeights w, State s, int item) {
        if (item < 0 || item >= w.items()) {
            throw new IndexOutOfBoundsException("item index " + item + " outside vocabulary of " + w.items());
        }
        int h = w.hiddenSize();
        float[] z = w.bias().clone();
        accumulate(z, w.inputWeights(), w.embedding(), item * w.embeddingSize(), w.embeddingSize(), 4 * h);
        accumulate(z, w.recurrentWeights(), s.h(), 0, h, 4 * h);
        return activate(z, s.c(), h);
    }

    /**
     * {@code z[j] += Σ_k x[xOff + k]·w[k·width + j]} for k ascending: the order every step path keeps,
     * so their floats agree bit for bit. Zero inputs are skipped (they add nothing).
     */
    static void accumulate(float[] z, float[] weights, float[] x, int xOff, int rows, int width) {
        for (int k = 0; k < rows; k++) {
            float xk = x[xOff + k];
            if (xk == 0f) {
                continue;
            }
            int row = k * width;
            for (int j = 0; j < width; j++) {
                z[j] += xk * weights[row + j];
            }
        }
    }

    /** The gate non-linearities and the new state from the pre-activations {@code z} (4·h, DL4J order). */
    static State activate(float[] z, float[] cPrev, int h) {
        float[] hNew = new float[h];
        float[] cNew = new float[h];
        activateRange(z, cPrev, h, 0, hNew, cNew);
        return new State(hNew, cNew);
    }

    /** {@link #activate} for units {@code from} to {@code h - 1}, into {@code hNew} and {@code cNew}. */
    static void activateRange(float[] z, float[] cPrev, int h, int from, float[] hNew, float[] cNew) {
        for (int j = from; j < h; j++) {
            float a = (float) Math.tanh(z[j]);
            float f = sigmoid(z[h + j]);
            float o = sigmoid(z[2 * h + j]);
            float i = sigmoid(z[3 * h + j]);
            float c = f * cPrev[j] + i * a;
            cNew[j] = c;
            hNew[j] = o * (float) Math.tanh(c);
        }
    }

    /** Score of every item from the hidden output {@code h}. */
    public static void scores(LstmWeights w, float[] hState, float[] out) {
        for (int j = 0, n = w.items(); j < n; j++) {
            out[j] = score(w, hState, j);
        }
    }

    /**
     * Score of item {@code j} alone, {@code h·outputWeights[j] + outputBias[j]}, summed in the same
     * order as {@link #scores}, so both give bit-identical values (retrieval and ranking may score
     * single candidates).
     */
    public static float score(LstmWeights w, float[] hState, int j) {
        int h = w.hiddenSize();
        float[] ow = w.outputWeights();
        int off = j * h;
        float sum = w.outputBias()[j];
        for (int k = 0; k < h; k++) {
            sum += hState[k] * ow[off + k];
        }
        return sum;
    }

    private static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }
}
