package io.profilestream.ml.lstm;

/**
 * Hyper-parameters of the next-item LSTM.
 *
 * @param embeddingSize     item embedding size (shared by input and output: tied embeddings)
 * @param hiddenSize        LSTM units
 * @param epochs            most passes over the training sequences
 * @param batchSize         sequences (sessions or session chunks) per mini-batch
 * @param learningRate      Adam learning rate of the first epoch
 * @param negatives         negatives per mini-batch, drawn with replacement by popularity^{@code sampleAlpha}
 *                          and shared by every row of the batch (sampled softmax with logQ correction);
 *                          at least the vocabulary size means an exact full softmax
 * @param sampleAlpha       popularity exponent of negative sampling (0 = uniform, 1 = popularity)
 * @param seed              seed of initialisation, shuffling, sampling and dropout
 * @param dropout           drop probability on the embeddings and the LSTM output while training
 * @param maxLength         longest unrolled sequence; longer sessions are cut into chunks
 * @param weightDecay       decoupled (AdamW) weight decay per step, relative to the learning rate;
 *                          item rows decay only when a batch touches them; 0 = none
 * @param learningRateDecay share of the learning rate removed after each epoch: epoch k uses
 *                          {@code learningRate·(1−learningRateDecay)^(k−1)}; 0 = constant
 * @param patience          with validation data, stop after this many epochs without a better
 *                          validation Recall@20 (0 = run every epoch); the best epoch's weights are
 *                          returned either way
 * @param repeatHead        with validation data, fit a {@link RepeatHead} (an extra score for the
 *                          items the session already holds, by distance) to the chosen network on
 *                          the validation sessions; false = the network's scores only
 * @param cooccurrenceInit  root-mean-square of the item embedding's start values taken from session
 *                          co-occurrence ({@link CooccurrenceEmbedding}); 0 = a random (Glorot
 *                          uniform) start
 * @param categoryEmbedding when the trainer is given item categories, train each item's embedding
 *                          as its own row plus a row shared by its category (exported folded into
 *                          one row per item, so serving is unchanged); false = own rows only
 */
public record LstmTrainingConfig(int embeddingSize, int hiddenSize, int epochs, int batchSize,
                                 double learningRate, int negatives, double sampleAlpha, long seed,
                                 double dropout, int maxLength, double weightDecay, double learningRateDecay,
                                 int patience, boolean repeatHead, double cooccurrenceInit,
                                 boolean categoryEmbedding) {

    /** Validates ranges so a bad config fails before any training starts. */
    public LstmTrainingConfig {
        positive("embeddingSize", embeddingSize);
        positive("hiddenSize", hiddenSize);
        positive("epochs", epochs);
        positive("batchSize", batchSize);
        positive("maxLength", maxLength);
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be > 0, was " + learningRate);
        }
        if (negatives < 0) {
            throw new IllegalArgumentException("negatives must be >= 0, was " + negatives);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), was " + dropout);
        }
        if (!(sampleAlpha >= 0 && sampleAlpha <= 1)) {
            throw new IllegalArgumentException("sampleAlpha must be in [0, 1], was " + sampleAlpha);
        }
        if (!(weightDecay >= 0 && weightDecay < 1)) {
            throw new IllegalArgumentException("weightDecay must be in [0, 1), was " + weightDecay);
        }
        if (!(learningRateDecay >= 0 && learningRateDecay < 1)) {
            throw new IllegalArgumentException("learningRateDecay must be in [0, 1), was " + learningRateDecay);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0, was " + patience);
        }
        if (!(Double.isFinite(cooccurrenceInit) && cooccurrenceInit >= 0)) {
            throw new IllegalArgumentException("cooccurrenceInit must be >= 0 (0 = random start), was " + cooccurrenceInit);
        }
    }

    /**
     * The first ten parameters; no weight decay, constant learning rate, no early stop (the best
     * validation epoch is still the one returned), no repeat head, a random embedding start, no
     * category rows.
     */
    public LstmTrainingConfig(int embeddingSize, int hiddenSize, int epochs, int batchSize, double learningRate,
                              int negatives, double sampleAlpha, long seed, double dropout, int maxLength) {
        this(embeddingSize, hiddenSize, epochs, batchSize, learningRate, negatives, sampleAlpha, seed, dropout,
                maxLength, 0, 0, 0, false, 0, false);
    }

    private static void positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, was " + v);
        }
    }

    /**
     * The best settings measured on the Diginetica sample (DigineticaLstmBenchmark, time split,
     * validation = last 10 % of training sessions, test R@20/MRR@20 over 339 predictions).
     */
    public static LstmTrainingConfig defaults() {
        // Why these values (2026-11-29, each a full selection + refit run; V-SKNN 0.504/0.204 in the
        // same runs; 339 test predictions, so ±0.03 on Recall@20 is noise):
        //  - learningRate 0.05 with 5 %/epoch decay: 0.005-0.01 constant barely left the popularity
        //    level in 10-20 epochs (val R@20 < 0.05); 0.05 constant diverged after ~11 epochs (train
        //    loss rising; test 0.207/0.091); 0.1 with 15 % decay 0.227/0.110; 0.05 with 10 % 0.330/0.158.
        //  - dropout 0.5: 0.2 → 0.330/0.158, 0.4 → 0.381/0.176, 0.5 → 0.410/0.182 (training loss
        //    still falls to ~1: the model memorises, and dropout is the regulariser that paid off).
        //  - weightDecay 0: 0.001 gave 0.310/0.157 vs 0.330/0.158 without.
        //  - negatives 1024 (sampled softmax + logQ): 0.413/0.194 vs 0.410/0.182 with 512 (R@20 equal
        //    within noise, MRR better) at ~20 % more time per step.
        //  - batchSize 128: a step's cost is mostly fixed (SameDiff call, lstmLayer), so larger batches
        //    are cheaper per prediction (B×T = 320: ~3k/s, 1280: ~8k/s, 2560: ~10.7k/s at load 2.5) but
        //    give fewer updates per epoch on this small data.
        //  - epochs 80, patience 10: the best validation epoch was 40-60 (49 with these values).
        //  - repeatHead true: see RepeatHead and docs/BENCHMARKS.md.
        //  - cooccurrenceInit 0.2 (2026-12-02): best validation Recall@20 of the network alone, random
        //    start 0.476, from co-occurrence at RMS 0.05 / 0.1 / 0.2 / 0.3: 0.524 / 0.514 / 0.548 / 0.548
        //    (MRR 0.271 at 0.2 vs 0.258 at 0.3); REES46 random 0.673, 0.1 0.664, 0.2 0.689
        //    (docs/BENCHMARKS.md, "The embedding's co-occurrence start").
        //  - categoryEmbedding true (2026-12-02): not measurable here (this Diginetica sample has no
        //    categories); best validation Recall@20 of the network alone with and without category
        //    rows: REES46 0.7327 / 0.6918, Taobao 0.3048 / 0.2818 (docs/BENCHMARKS.md, "Category rows
        //    in the item embedding, and Taobao's refit").
        return new LstmTrainingConfig(100, 100, 80, 128, 0.05, 1024, 0.75, 42L, 0.5, 20, 0, 0.05, 10, true, 0.2, true);
    }

    /** Copy with another number of epochs. */
    public LstmTrainingConfig withEpochs(int n) {
        return new LstmTrainingConfig(embeddingSize, hiddenSize, n, batchSize, learningRate, negatives,
                sampleAlpha, seed, dropout, maxLength, weightDecay, learningRateDecay, patience, repeatHead, cooccurrenceInit, categoryEmbedding);
    }

    /** Copy with or without the repeat head. */
    public LstmTrainingConfig withRepeatHead(boolean on) {
        return new LstmTrainingConfig(embeddingSize, hiddenSize, epochs, batchSize, learningRate, negatives,
                sampleAlpha, seed, dropout, maxLength, weightDecay, learningRateDecay, patience, on, cooccurrenceInit, categoryEmbedding);
    }

    /** Copy with another embedding start (0 = random). */
    public LstmTrainingConfig withCooccurrenceInit(double rms) {
        return new LstmTrainingConfig(embeddingSize, hiddenSize, epochs, batchSize, learningRate, negatives,
                sampleAlpha, seed, dropout, maxLength, weightDecay, learningRateDecay, patience, repeatHead, rms, categoryEmbedding);
    }

    /** Copy with or without category rows. */
    public LstmTrainingConfig withCategoryEmbedding(boolean on) {
        return new LstmTrainingConfig(embeddingSize, hiddenSize, epochs, batchSize, learningRate, negatives,
                sampleAlpha, seed, dropout, maxLength, weightDecay, learningRateDecay, patience, repeatHead, cooccurrenceInit, on);
    }
}
