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
        int e = w.embeddingSize();
        int h = w.hiddenSize();
        int g = 4 * h;
        float[] z = w.bias().clone();
        float[] emb = w.embedding();
        float[] wIn = w.inputWeights();
        int xOff = item * e;
        for (int k = 0; k < e; k++) {
            float xk = emb[xOff + k];
            if (xk == 0f) {
                continue;
            }
            int row = k * g;
            for (int j = 0; j < g; j++) {
                z[j] += xk * wIn[row + j];
            }
        }
        float[] rw = w.recurrentWeights();
        float[] hPrev = s.h();
        for (int k = 0; k < h; k++) {
            float hk = hPrev[k];
            if (hk == 0f) {
                continue;
            }
            int row = k * g;
            for (int j = 0; j < g; j++) {
                z[j] += hk * rw[row + j];
            }
        }
        float[] cPrev = s.c();
        float[] hNew = new float[h];
        float[] cNew = new float[h];
        for (int j = 0; j < h; j++) {
            float a = (float) Math.tanh(z[j]);
            float f = sigmoid(z[h + j]);
            float o = sigmoid(z[2 * h + j]);
            float i = sigmoid(z[3 * h + j]);
            float c = f * cPrev[j] + i * a;
            cNew[j] = c;
            hNew[j] = o * (float) Math.tanh(c);
        }
        return new State(hNew, cNew);
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
