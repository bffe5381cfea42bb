package io.profilestream.ml.lstm;

import io.profilestream.ml.ItemVocabulary;
import io.profilestream.ml.NextClickMetrics;
import io.profilestream.ml.Nd4jRuntime;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMActivations;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDataFormat;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDirectionMode;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMLayerConfig;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.weights.LSTMLayerWeights;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains the GRU4Rec-style next-item LSTM with SameDiff.
 *
 * <p>Why this shape: a full softmax over the catalogue dominates DL4J training time (PROBES.md),
 * so each row is scored against its own target plus {@code negatives} items drawn once per
 * mini-batch by popularity^alpha and shared by all rows: a sampled softmax whose negative logits
 * get the logQ correction (minus the log of their expected count), so its denominator estimates
 * the full one. Its cost per prediction is fixed by {@code negatives}, not by the batch size (the
 * earlier in-batch candidate set grew with the batch, which made large batches no cheaper per
 * prediction). Input and output item embeddings are tied (one matrix E; the output is
 * (h·P + p)·Eᵀ + itemBias), which halves the parameters and lets rarely-targeted items learn from
 * their input role. Sessions are unrolled whole (chunks of at most {@code maxLength}), batched by
 * similar length so little padding is computed; padded positions have weight 0.
 *
 * <p>Deterministic for a seed: all randomness (init, shuffling, sampling, dropout masks) comes from
 * one {@link Random}; ND4J only computes.
 */
public final class LstmTrainer {

    /** Receives a report after every epoch (e.g. prints it). */
    @FunctionalInterface
    public interface Listener {
        void onEpoch(EpochReport report);
    }

    /**
     * Result: the trained model (plain-Java evaluation) and the per-epoch history. With validation
     * data the model is the best validation epoch's, otherwise the last epoch's.
     *
     * @param repeatFit with {@link LstmTrainingConfig#repeatHead()} and validation data, the
     *                  {@link RepeatHead} fitted on the validation sessions to the returned network,
     *                  which the model carries; otherwise (or when no validation session has 2+
     *                  clicks) null and the model has none
     */
    public record Result(LstmNextItemModel model, List<EpochReport> history, RepeatHeadFit.Fit repeatFit) {
    }

    private static final int VALIDATION_PREDICTIONS = 2_000;
    /** Enough for 8 logits; each position costs one scoring of the catalogue. */
    private static final int REPEAT_FIT_PREDICTIONS = 20_000;
    /** Name of the LSTM output reshaped to [batch·time, hidden] (before dropout), for parity tests. */
    static final String HIDDEN_ROWS = "hiddenRows";

    private LstmTrainer() {
    }

    /**
     * @param vocabulary   items; indexes in sessions refer to it
     * @param train        training sessions (vocabulary indexes, time-ordered); shorter than 2 ignored
     * @param validation   sessions for the per-epoch Recall@20 (may be empty)
     */
    public static Result train(ItemVocabulary vocabulary, List<int[]> train, List<int[]> validation,
                               LstmTrainingConfig config, Listener listener) {
        return train(vocabulary, train, validation, config, null, listener);
    }

    /**
     * As {@link #train(ItemVocabulary, List, List, LstmTrainingConfig, Listener)}, with item
     * categories: with {@link LstmTrainingConfig#categoryEmbedding()}, item i's embedding (input and
     * output, tied) is trained as its own row plus a row shared by its category, starting at zero,
     * and the model gets the sum, one row per item, so nothing downstream knows about categories.
     *
     * <p>Why: on Taobao half of the test targets were clicked once in training, so their own rows
     * learn from one transition; a category's row learns from all of its items' clicks, which ranks
     * a rarely seen item with its category's (docs/BENCHMARKS.md, "Category rows").
     *
     * @param categories category index (0-based) of each vocabulary item, −1 for none; null = no
     *                   categories (the config's flag then changes nothing)
     */
    public static Result train(ItemVocabulary vocabulary, List<int[]> train, List<int[]> validation,
                               LstmTrainingConfig config, int[] categories, Listener listener) {
        Nd4jRuntime.configure();
        int v = vocabulary.size();
        Random random = new Random(config.seed());
        List<Sequence> sequences = Sequence.cut(train, config.maxLength(), v);
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("no training session has 2 or more clicks");
        }
        NegativeSampler sampler = new NegativeSampler(sequences, v, config.sampleAlpha());
        Graph graph = Graph.build(v, config, train, random);
        if (categories != null && config.categoryEmbedding()) {
            graph.useCategories(categories);
        }
        List<EpochReport> history = new ArrayList<>();
        LstmNextItemModel best = null;
        double bestRecall = Double.NEGATIVE_INFINITY;
        double bestMrr = Double.NEGATIVE_INFINITY;
        int sinceBest = 0;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            long start = System.nanoTime();
            double lossSum = 0;
            long predictions = 0;
            double lr = config.learningRate() * Math.pow(1 - config.learningRateDecay(), epoch - 1);
            List<List<Sequence>> batches = Sequence.batches(sequences, config.batchSize(), random);
            for (List<Sequence> batch : batches) {
                TrainingBatch b = TrainingBatch.of(batch, sampler, config, random);
                lossSum += graph.fit(b, lr, config.weightDecay()) * b.predictions;
                predictions += b.predictions;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            LstmNextItemModel model = graph.toModel(vocabulary);
            NextClickMetrics val = validation.isEmpty() ? new NextClickMetrics(Double.NaN, Double.NaN, 0)
                    : NextClickMetrics.evaluate(model, validation, 20, VALIDATION_PREDICTIONS);
            EpochReport report = new EpochReport(epoch, lossSum / predictions, val.recall(), val.mrr(), predictions, seconds);
            history.add(report);
            if (listener != null) {
                listener.onEpoch(report);
            }
            // Keep the best validation epoch (Recall@20, then MRR@20): on small data the model
            // overfits within a few epochs and the last epoch is rarely the best.
            boolean better = val.predictions() == 0 || val.recall() > bestRecall
                    || (val.recall() == bestRecall && val.mrr() > bestMrr);
            if (better) {
                best = model;
                bestRecall = val.recall();
                bestMrr = val.mrr();
                sinceBest = 0;
            } else if (config.patience() > 0 && ++sinceBest >= config.patience()) {
                break;
            }
        }
        RepeatHeadFit.Fit repeat = null;
        if (config.repeatHead() && validation.stream().anyMatch(s -> s.length >= 2)) {
            // Fitted to the chosen network on the same held-out sessions that chose it: see RepeatHead
            // for why not during training.
            repeat = RepeatHeadFit.fit(best, validation, REPEAT_FIT_PREDICTIONS);
            best = best.withRepeatHead(repeat.head());
        }
        return new Result(best, List.copyOf(history), repeat);
    }

    /**
     * The SameDiff graph plus the parameters it does not own. SameDiff 1.0.0-M2.1 differentiates
     * {@code gather} through a control-flow loop that fails ("Unable to replace samediff
     * namespace") and would be slow anyway, so item embeddings never enter the graph as a whole:
     * each batch feeds the rows it needs (inputs X, target rows Et/bt, negative rows En/bn) as
     * placeholders, asks for their gradients, and applies a lazy Adam to the touched rows of E, of
     * the category rows (when used: a fed row is the item's own plus its category's) and of the
     * item bias here in Java. The dense LSTM/projection weights (≈0.1 M floats) get a dense Adam
     * in Java too: copying them is ~1 % of a step (profiled), not worth a second optimiser.
     */
    static final class Graph {
        private static final String[] DENSE = {"Wx", "Wr", "b", "P", "p"};
        private static final List<String> WANTED = List.of("Wx", "Wr", "b", "P", "p", "X", "Et", "bt", "En", "bn");
        final SameDiff sd;
        final int hidden;
        final int embedding;
        final int items;
        /** The item rows, biases and category rows (and their Adam state), which live outside the graph. */
        final ItemRows rows;
        private final Map<String, AdamState> dense = new HashMap<>();
        private long step;

        private Graph(SameDiff sd, int items, int hidden, int embedding, float[] emb) {
            this.sd = sd;
            this.items = items;
            this.hidden = hidden;
            this.embedding = embedding;
            this.rows = new ItemRows(items, embedding, emb);
            for (String name : DENSE) {
                dense.put(name, new AdamState((int) sd.getVariable(name).getArr().length()));
            }
        }

        static Graph build(int v, LstmTrainingConfig c, List<int[]> train, Random random) {
            int e = c.embeddingSize();
            int h = c.hiddenSize();
            SameDiff sd = SameDiff.create();
            // A variable, not a placeholder: SameDiff returns no gradient for a placeholder feeding
            // lstmLayer. Its array is replaced by every batch's input rows (TrainingBatch.placeholders).
            SDVariable x = sd.var("X", Nd4j.zeros(DataType.FLOAT, 1, 1, e));
            SDVariable embDrop = sd.placeHolder("embDrop", DataType.FLOAT, -1, -1, e);
            SDVariable outDrop = sd.placeHolder("outDrop", DataType.FLOAT, -1, h);
            SDVariable targetEmb = sd.placeHolder("Et", DataType.FLOAT, -1, e);
            SDVariable targetBias = sd.placeHolder("bt", DataType.FLOAT, -1);
            SDVariable negEmb = sd.placeHolder("En", DataType.FLOAT, -1, e);
            SDVariable negBias = sd.placeHolder("bn", DataType.FLOAT, -1);
            SDVariable negAdjust = sd.placeHolder("negAdjust", DataType.FLOAT, -1, -1);
            SDVariable rowWeight = sd.placeHolder("rowWeight", DataType.FLOAT, -1);

            float[] emb = uniform(random, Math.sqrt(6.0 / (v + e)), v * e);
            SDVariable wx = sd.var("Wx", matrix(uniform(random, Math.sqrt(6.0 / (e + 4 * h)), e * 4 * h), e, 4 * h));
            SDVariable wr = sd.var("Wr", matrix(uniform(random, Math.sqrt(6.0 / (h + 4 * h)), h * 4 * h), h, 4 * h));
            float[] b = new float[4 * h];
            // Forget-gate bias 1: remember by default early in training (SameDiff gate order).
            for (int j = 0; j < h; j++) {
                b[GateLayout.SD_FORGET * h + j] = 1f;
            }
            SDVariable bias = sd.var("b", Nd4j.create(b, new long[]{4 * h}, 'c'));
            SDVariable proj = sd.var("P", matrix(uniform(random, Math.sqrt(6.0 / (h + e)), h * e), h, e));
            SDVariable projBias = sd.var("p", Nd4j.zeros(DataType.FLOAT, e));
            if (c.cooccurrenceInit() > 0) {
                // After every random draw of the random start, so that start stays as it was.
                CooccurrenceEmbedding.overwrite(train, v, e, c.cooccurrenceInit(), random, emb);
            }

            LSTMLayerConfig cfg = LSTMLayerConfig.builder()
                    .lstmdataformat(LSTMDataFormat.NTS).directionMode(LSTMDirectionMode.FWD)
                    .gateAct(LSTMActivations.SIGMOID).cellAct(LSTMActivations.TANH).outAct(LSTMActivations.TANH)
                    .retFullSequence(true).retLastH(false).retLastC(false).build();
            SDVariable y = sd.rnn().lstmLayer(x.mul(embDrop),
                    LSTMLayerWeights.builder().weights(wx).rWeights(wr).bias(bias).build(), cfg)[0];
            SDVariable hiddenRows = sd.reshape(HIDDEN_ROWS, y, -1, h); // [N, h], N = B*T, row = b*T + t
            SDVariable q = hiddenRows.mul(outDrop).mmul(proj).add(projBias); // [N, e]
            SDVariable pos = q.mul(targetEmb).sum(1).add(targetBias); // [N]
            SDVariable neg = sd.mmul(q, negEmb, false, true, false).add(negBias).add(negAdjust); // [N, K]
            SDVariable logits = sd.concat(1, pos.reshape(-1, 1), neg); // [N, 1 + K]; the target is column 0
            // Last axis; the (x, dim) overload fails in M2.1 (NoSuchMethodException Integer.values()),
            // and logSumExp's gradient fails in M2.1 (reduce_sum_bp "bad input shape").
            SDVariable rowLoss = sd.nn().logSoftmax(logits).get(SDIndex.all(), SDIndex.point(0)).neg();
            SDVariable loss = rowLoss.mul(rowWeight).sum().div(rowWeight.sum());
            loss.rename("loss");
            sd.setLossVariables("loss");
            return new Graph(sd, v, h, e, emb);
        }

        void useCategories(int[] categories) {
            rows.useCategories(categories);
        }

        /** Copies item {@code item}'s effective row (its own plus its category's) to {@code out[off..]}. */
        void row(int item, float[] out, int off) {
            rows.row(item, out, off);
        }

        /**
         * One optimisation step on a batch with learning rate {@code lr}; returns its mean loss.
         * The arrays the step creates and those SameDiff computes are freed at its end (see
         * {@link NativeArrays} for why); only the input rows' array (≤ 1 MB), which SameDiff's
         * variable holder may keep or copy, is left to the garbage collector.
         */
        double fit(TrainingBatch batch, double lr, double weightDecay) {
            Map<String, INDArray> ph = batch.placeholders(this);
            OutAndGrad result = null;
            try {
                result = sd.calculateGradientsAndOutputs(ph, List.of("loss"), WANTED);
                return update(batch, result, lr, weightDecay);
            } finally {
                NativeArrays.free(ph.values());
                if (result != null) {
                    NativeArrays.free(result.getGradients().values());
                    NativeArrays.free(result.getOutputs().values());
                }
                NativeArrays.freeGradientStep(sd);
            }
        }

        private double update(TrainingBatch batch, OutAndGrad result, double lr, double weightDecay) {
            Map<String, INDArray> grads = result.getGradients();
            for (String w : WANTED) {
                if (grads.get(w) == null) {
                    throw new IllegalStateException("SameDiff returned no gradient for " + w);
                }
            }
            double loss = result.getOutputs().get("loss").getDouble(0);
            step++;
            double corr = AdamState.corrected(lr, step);
            double decay = lr * weightDecay;
            for (String name : DENSE) {
                INDArray param = sd.getVariable(name).getArr();
                float[] p = NativeArrays.floats(param);
                float[] g = NativeArrays.floats(grads.get(name));
                AdamState st = dense.get(name);
                for (int i = 0; i < p.length; i++) {
                    st.update(p, i, i, g[i], corr, decay);
                }
                NativeArrays.assign(param, p);
            }
            rows.update(batch, NativeArrays.floats(grads.get("X")), NativeArrays.floats(grads.get("Et")),
                    NativeArrays.floats(grads.get("bt")), NativeArrays.floats(grads.get("En")),
                    NativeArrays.floats(grads.get("bn")), corr, decay);
            return loss;
        }

        /** Current parameters in the DL4J layout, output folded: W_out = E·Pᵀ, b_out = E·p + ib. */
        LstmWeights weights() {
            float[] effective = effective();
            INDArray e = Nd4j.create(effective, new long[]{items, embedding}, 'c');
            INDArray bias = Nd4j.create(rows.itemBias.clone(), new long[]{items}, 'c');
            INDArray outW = null;
            INDArray scores = null;
            INDArray outB = null;
            try {
                outW = e.mmul(sd.getVariable("P").getArr().transpose()); // [V, h]
                scores = e.mmul(sd.getVariable("p").getArr().reshape(embedding, 1)); // [V, 1]
                outB = scores.reshape(-1).add(bias);
                return GateLayout.fromSameDiff(items, embedding, hidden, effective,
                        NativeArrays.floats(sd.getVariable("Wx").getArr()),
                        NativeArrays.floats(sd.getVariable("Wr").getArr()),
                        NativeArrays.floats(sd.getVariable("b").getArr()),
                        NativeArrays.floats(outW), NativeArrays.floats(outB));
            } finally {
                NativeArrays.free(Arrays.asList(e, bias, outW, scores, outB));
            }
        }

        /** Every item's effective row: its own, plus its category's. */
        float[] effective() {
            return rows.effective();
        }

        LstmNextItemModel toModel(ItemVocabulary vocabulary) {
            return new LstmNextItemModel(vocabulary, weights());
        }

        private static float[] uniform(Random r, double limit, int n) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = (float) ((r.nextDouble() * 2 - 1) * limit);
            }
            return a;
        }

        private static INDArray matrix(float[] a, int rows, int cols) {
            return Nd4j.create(a, new long[]{rows, cols}, 'c');
        }
    }
}
