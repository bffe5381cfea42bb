package io.profilestream.ml.lstm;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One mini-batch as item indexes: {@code b} sequences right-padded to {@code t} steps (row r = i·t + j),
 * their targets, and the negatives shared by all rows. {@link #placeholders} copies the item rows
 * the graph needs; labels stay indexes (the target's own row), so nothing is O(rows × candidates)
 * on the Java side except the additive logQ/accidental-hit matrix.
 */
final class TrainingBatch {
    final int b;
    final int t;
    final int[] inputs;
    final int[] targets;
    final float[] weight;
    final int[] negatives;
    final long predictions;
    private final float[] negAdjust;
    private final float[] embDrop;
    private final float[] outDrop;

    private TrainingBatch(int b, int t, int[] inputs, int[] targets, float[] weight, int[] negatives,
                          float[] negAdjust, long predictions, float[] embDrop, float[] outDrop) {
        this.b = b;
        this.t = t;
        this.inputs = inputs;
        this.targets = targets;
        this.weight = weight;
        this.negatives = negatives;
        this.negAdjust = negAdjust;
        this.predictions = predictions;
        this.embDrop = embDrop;
        this.outDrop = outDrop;
    }

    /** Large enough to vanish in exp(), small enough to stay finite in float arithmetic. */
    private static final float MASKED = -1e4f;

    static TrainingBatch of(List<Sequence> seqs, NegativeSampler sampler, LstmTrainingConfig c, Random random) {
        int b = seqs.size();
        int t = 0;
        for (Sequence s : seqs) {
            t = Math.max(t, s.inputs.length);
        }
        int n = b * t;
        int[] in = new int[n];
        int[] targets = new int[n];
        float[] weight = new float[n];
        long predictions = 0;
        for (int i = 0; i < b; i++) {
            Sequence s = seqs.get(i);
            for (int j = 0; j < s.inputs.length; j++) {
                in[i * t + j] = s.inputs[j];
                targets[i * t + j] = s.targets[j];
                weight[i * t + j] = 1f;
                predictions++;
            }
        }
        int[] neg = sampler.sample(c.negatives(), random);
        int k = neg.length;
        // Column j of every row: -log E[count of neg j] (logQ correction, so the sampled sum estimates
        // the full softmax denominator); a row whose own target was drawn gets that column masked.
        float[] logQ = new float[k];
        for (int j = 0; j < k; j++) {
            logQ[j] = -sampler.logExpectedCount(neg[j], c.negatives());
        }
        float[] adjust = new float[n * k];
        for (int r = 0; r < n; r++) {
            System.arraycopy(logQ, 0, adjust, r * k, k);
        }
        Map<Integer, List<Integer>> columns = new HashMap<>();
        for (int j = 0; j < k; j++) {
            columns.computeIfAbsent(neg[j], x -> new java.util.ArrayList<>(1)).add(j);
        }
        for (int r = 0; r < n; r++) {
            List<Integer> hit = columns.get(targets[r]);
            if (hit != null) {
                for (int j : hit) {
                    adjust[r * k + j] = MASKED;
                }
            }
        }
        return new TrainingBatch(b, t, in, targets, weight, neg, adjust, predictions,
                mask(random, n * c.embeddingSize(), c.dropout()), mask(random, n * c.hiddenSize(), c.dropout()));
    }

    /** Sets the graph's input variable and returns the placeholders of this batch. */
    Map<String, INDArray> placeholders(LstmTrainer.Graph g) {
        int n = b * t;
        int e = g.embedding;
        int k = negatives.length;
        float[] x = rows(g, inputs, e);
        float[] et = rows(g, targets, e);
        float[] bt = new float[n];
        for (int r = 0; r < n; r++) {
            bt[r] = g.rows.itemBias[targets[r]];
        }
        float[] en = rows(g, negatives, e);
        float[] bn = new float[k];
        for (int j = 0; j < k; j++) {
            bn[j] = g.rows.itemBias[negatives[j]];
        }
        Map<String, INDArray> ph = new HashMap<>();
        SDVariable input = g.sd.getVariable("X");
        INDArray previous = input.getArr();
        input.setArray(Nd4j.create(x, new long[]{b, t, e}, 'c'));
        // Same shape: SameDiff copies the rows into the array it holds, which stays. New shape: it
        // holds the new array, and the last batch's rows are read by nothing any more.
        if (previous != input.getArr()) {
            NativeArrays.free(previous);
        }
        ph.put("embDrop", Nd4j.create(embDrop, new long[]{b, t, e}, 'c'));
        ph.put("outDrop", Nd4j.create(outDrop, new long[]{n, g.hidden}, 'c'));
        ph.put("Et", Nd4j.create(et, new long[]{n, e}, 'c'));
        ph.put("bt", Nd4j.create(bt, new long[]{n}, 'c'));
        ph.put("En", Nd4j.create(en, new long[]{k, e}, 'c'));
        ph.put("bn", Nd4j.create(bn, new long[]{k}, 'c'));
        ph.put("negAdjust", Nd4j.create(negAdjust, new long[]{n, k}, 'c'));
        ph.put("rowWeight", Nd4j.create(weight, new long[]{n}, 'c'));
        return ph;
    }

    private static float[] rows(LstmTrainer.Graph g, int[] items, int e) {
        float[] out = new float[items.length * e];
        for (int r = 0; r < items.length; r++) {
            g.row(items[r], out, r * e);
        }
        return out;
    }

    /** Inverted dropout: kept units are scaled by 1/(1-p) so inference needs no rescaling. */
    private static float[] mask(Random r, int size, double p) {
        float[] m = new float[size];
        float keep = (float) (1.0 / (1.0 - p));
        for (int i = 0; i < size; i++) {
            m[i] = p == 0 || r.nextFloat() >= p ? keep : 0f;
        }
        return m;
    }
}
