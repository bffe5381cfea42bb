package io.profilestream.ml.lstm;

import java.util.HashMap;
import java.util.Map;

/**
 * The trainer's per-item parameters, kept in Java rather than in the SameDiff graph (see
 * {@link LstmTrainer.Graph} for why): the tied item embedding E, the item output bias and,
 * optionally, one shared row per category, each with a lazy Adam that touches only the rows a batch
 * used. Item i's effective row, the one the graph is fed and the model exports, is its own row plus
 * its category's.
 */
final class ItemRows {
    final int items;
    final int embedding;
    final float[] emb;
    final float[] itemBias;
    private final AdamState embState;
    private final AdamState biasState;
    /** Category of each item (−1 = none) and the categories' shared rows; null without categories. */
    private int[] category;
    float[] categoryEmb;
    private AdamState categoryState;

    ItemRows(int items, int embedding, float[] emb) {
        this.items = items;
        this.embedding = embedding;
        this.emb = emb;
        this.itemBias = new float[items];
        this.embState = new AdamState(emb.length);
        this.biasState = new AdamState(items);
    }

    void useCategories(int[] categories) {
        if (categories.length != items) {
            throw new IllegalArgumentException("expected a category per item (" + items + "), got " + categories.length);
        }
        int n = 0;
        for (int c : categories) {
            if (c < -1) {
                throw new IllegalArgumentException("category indexes are >= 0, or -1 for none; got " + c);
            }
            n = Math.max(n, c + 1);
        }
        category = categories.clone();
        // Zero: the start (random or co-occurrence) stays the item rows' alone.
        categoryEmb = new float[n * embedding];
        categoryState = new AdamState(categoryEmb.length);
    }

    /** Copies item {@code item}'s effective row (its own plus its category's) to {@code out[off..]}. */
    void row(int item, float[] out, int off) {
        System.arraycopy(emb, item * embedding, out, off, embedding);
        if (category != null && category[item] >= 0) {
            int c = category[item] * embedding;
            for (int j = 0; j < embedding; j++) {
                out[off + j] += categoryEmb[c + j];
            }
        }
    }

    /** Every item's effective row: its own, plus its category's. */
    float[] effective() {
        float[] out = new float[items * embedding];
        for (int i = 0; i < items; i++) {
            row(i, out, i * embedding);
        }
        return out;
    }

    /**
     * One lazy Adam step from a batch's gradients: {@code gx}/{@code gt} of its input and target
     * rows, {@code gbt} of the target biases, {@code gn}/{@code gbn} of the negatives' rows and
     * biases. {@code corr} is the bias-corrected rate, {@code decay} the weight decay per touch.
     */
    void update(TrainingBatch batch, float[] gx, float[] gt, float[] gbt, float[] gn, float[] gbn,
                double corr, double decay) {
        // Sum the gradients of every occurrence of an item first (tied embedding).
        Map<Integer, float[]> rowGrad = new HashMap<>();
        Map<Integer, Float> biasGrad = new HashMap<>();
        for (int r = 0; r < batch.inputs.length; r++) {
            if (batch.weight[r] > 0) {
                accumulate(rowGrad, batch.inputs[r], gx, r * embedding);
                accumulate(rowGrad, batch.targets[r], gt, r * embedding);
                biasGrad.merge(batch.targets[r], gbt[r], Float::sum);
            }
        }
        for (int k = 0; k < batch.negatives.length; k++) {
            accumulate(rowGrad, batch.negatives[k], gn, k * embedding);
            biasGrad.merge(batch.negatives[k], gbn[k], Float::sum);
        }
        for (Map.Entry<Integer, Float> en : biasGrad.entrySet()) {
            int item = en.getKey();
            biasState.update(itemBias, item, item, en.getValue(), corr, 0);
        }
        // A category row gets the sum of its items' row gradients (the chain rule of the sum).
        Map<Integer, float[]> categoryGrad = new HashMap<>();
        for (Map.Entry<Integer, float[]> en : rowGrad.entrySet()) {
            int off = en.getKey() * embedding;
            float[] g = en.getValue();
            for (int j = 0; j < embedding; j++) {
                embState.update(emb, off + j, off + j, g[j], corr, decay);
            }
            if (category != null && category[en.getKey()] >= 0) {
                float[] acc = categoryGrad.computeIfAbsent(category[en.getKey()], k -> new float[embedding]);
                for (int j = 0; j < embedding; j++) {
                    acc[j] += g[j];
                }
            }
        }
        for (Map.Entry<Integer, float[]> en : categoryGrad.entrySet()) {
            int off = en.getKey() * embedding;
            float[] g = en.getValue();
            for (int j = 0; j < embedding; j++) {
                // No weight decay: a shared row is touched by nearly every batch (its items are
                // targets and negatives), so decay per touch would shrink it far faster than the
                // rare items' own rows it is there to help.
                categoryState.update(categoryEmb, off + j, off + j, g[j], corr, 0);
            }
        }
    }

    private void accumulate(Map<Integer, float[]> rowGrad, int item, float[] g, int off) {
        float[] acc = rowGrad.computeIfAbsent(item, k -> new float[embedding]);
        for (int j = 0; j < embedding; j++) {
            acc[j] += g[off + j];
        }
    }
}
