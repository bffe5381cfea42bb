package io.profilestream.ml.lstm;

/**
 * Converts SameDiff {@code lstmLayer} parameters (gate blocks input, forget, cell, output) into the
 * DL4J {@code LSTM} layer order (cell input, forget, output, input) used everywhere else.
 */
final class GateLayout {

    static final int SD_INPUT = 0;
    static final int SD_FORGET = 1;
    static final int SD_CELL = 2;
    static final int SD_OUTPUT = 3;
    /** For each DL4J block (a, f, o, i): the SameDiff block it comes from. */
    static final int[] DL4J_FROM_SD = {SD_CELL, SD_FORGET, SD_OUTPUT, SD_INPUT};

    private GateLayout() {
    }

    static LstmWeights fromSameDiff(int items, int e, int h, float[] emb, float[] wx, float[] wr, float[] b,
                                    float[] outW, float[] outB) {
        return new LstmWeights(items, e, h, emb, permute(wx, e, h), permute(wr, h, h), permute(b, 1, h), outW, outB);
    }

    /** Reorders the 4 column blocks of a row-major [rows, 4h] matrix. */
    static float[] permute(float[] m, int rows, int h) {
        float[] out = new float[m.length];
        int g = 4 * h;
        for (int r = 0; r < rows; r++) {
            for (int block = 0; block < 4; block++) {
                System.arraycopy(m, r * g + DL4J_FROM_SD[block] * h, out, r * g + block * h, h);
            }
        }
        return out;
    }
}
