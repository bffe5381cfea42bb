package io.profilestream.ml.lstm;

import io.profilestream.ml.ItemVocabulary;
import io.profilestream.ml.NextClickMetrics;
import io.profilestream.ml.Nd4jRuntime;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMActivations;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDataFormat;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDirectionMode;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMLayerConfig;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.weights.LSTMLayerWeights;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Trains the GRU4Rec-style next-item LSTM with SameDiff.
 *
 * <p>Why this shape: a full softmax over the catalogue dominates DL4J training time (PROBES.md),
 * so each mini-batch scores its rows only against a candidate set = the batch's own targets
 * (in-batch negatives, popularity-distributed for free) plus {@code negatives} items sampled by
 * popularity^alpha, with a softmax cross-entropy over that set. Input and output item embeddings are
 * tied (one matrix E; the output is (h·P + p)·Eᵀ + itemBias), which halves the parameters and lets
 * rarely-targeted items learn from their input role. Sessions are unrolled whole (chunks of at most
 * {@code maxLength}), batched by similar length so little padding is computed; padded positions
 * have weight 0.
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

    /** Result: the trained model (plain-Java evaluation) and the per-epoch history. */
    public record Result(LstmNextItemModel model, List<EpochReport> history) {
    }

    private static final int VALIDATION_PREDICTIONS = 2_000;
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
        Nd4jRuntime.configure();
        int v = vocabulary.size();
        Random random = new Random(config.seed());
        List<Sequence> sequences = Sequence.cut(train, config.maxLength(), v);
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("no training session has 2 or more clicks");
        }
        NegativeSampler sampler = new NegativeSampler(sequences, v, config.sampleAlpha());
        Graph graph = Graph.build(v, config, random);
        List<EpochReport> history = new ArrayList<>();
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            long start = System.nanoTime();
            double lossSum = 0;
            long predictions = 0;
            List<List<Sequence>> batches = Sequence.batches(sequences, config.batchSize(), random);
            for (List<Sequence> batch : batches) {
                Batch b = Batch.of(batch, sampler, config, random);
                lossSum += graph.fit(b) * b.predictions;
                predictions += b.predictions;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            NextClickMetrics val = validation.isEmpty() ? new NextClickMetrics(Double.NaN, Double.NaN, 0)
                    : NextClickMetrics.evaluate(graph.toModel(vocabulary), validation, 20, VALIDATION_PREDICTIONS);
            EpochReport report = new EpochReport(epoch, lossSum / predictions, val.recall(), val.mrr(), predictions, seconds);
            history.add(report);
            if (listener != null) {
                listener.onEpoch(report);
            }
        }
        return new Result(graph.toModel(vocabulary), List.copyOf(history));
    }

    /**
     * The SameDiff graph plus the parameters it does not own. SameDiff 1.0.0-M2.1 differentiates
     * {@code gather} through a control-flow loop that fails ("Unable to replace samediff
     * namespace") and would be slow anyway, so item embeddings never enter the graph as a whole:
     * each batch feeds the rows it needs (input rows X, candidate rows Ec, candidate biases ibc) as
     * placeholders, asks for their gradients, and applies a sparse (lazy) Adam to the touched rows
     * of E and ib here in Java. The dense LSTM/projection weights get a dense Adam.
     */
    static final class Graph {
        private static final String[] DENSE = {"Wx", "Wr", "b", "P", "p"};
        final SameDiff sd;
        final int hidden;
        final int embedding;
        final int items;
        final float[] emb;
        final float[] itemBias;
        final Adam adam;
        private final java.util.Map<String, AdamState> dense = new java.util.HashMap<>();
        private final AdamState embState;
        private final AdamState biasState;
        private long step;

        private Graph(SameDiff sd, int items, int hidden, int embedding, float[] emb, double lr) {
            this.sd = sd;
            this.items = items;
            this.hidden = hidden;
            this.embedding = embedding;
            this.emb = emb;
            this.itemBias = new float[items];
            this.adam = new Adam(lr);
            for (String name : DENSE) {
                dense.put(name, new AdamState((int) sd.getVariable(name).getArr().length()));
            }
            embState = new AdamState(emb.length);
            biasState = new AdamState(items);
        }

        static Graph build(int v, LstmTrainingConfig c, Random random) {
            int e = c.embeddingSize();
            int h = c.hiddenSize();
            SameDiff sd = SameDiff.create();
            // A variable, not a placeholder: SameDiff returns no gradient for a placeholder feeding
            // lstmLayer. Its array is replaced by every batch's input rows (see Batch.placeholders).
            SDVariable x = sd.var("X", Nd4j.zeros(DataType.FLOAT, 1, 1, e));
            SDVariable embDrop = sd.placeHolder("embDrop", DataType.FLOAT, -1, -1, e);
            SDVariable candEmb = sd.placeHolder("Ec", DataType.FLOAT, -1, e);
            SDVariable candBias = sd.placeHolder("ibc", DataType.FLOAT, -1);
            SDVariable labels = sd.placeHolder("labels", DataType.FLOAT, -1, -1);
            SDVariable rowWeight = sd.placeHolder("rowWeight", DataType.FLOAT, -1);
            SDVariable outDrop = sd.placeHolder("outDrop", DataType.FLOAT, -1, h);

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

            LSTMLayerConfig cfg = LSTMLayerConfig.builder()
                    .lstmdataformat(LSTMDataFormat.NTS).directionMode(LSTMDirectionMode.FWD)
                    .gateAct(LSTMActivations.SIGMOID).cellAct(LSTMActivations.TANH).outAct(LSTMActivations.TANH)
                    .retFullSequence(true).retLastH(false).retLastC(false).build();
            SDVariable y = sd.rnn().lstmLayer(x.mul(embDrop),
                    LSTMLayerWeights.builder().weights(wx).rWeights(wr).bias(bias).build(), cfg)[0];
            SDVariable hiddenRows = sd.reshape(HIDDEN_ROWS, y, -1, h); // [N, h], N = B*T, row = b*T + t
            SDVariable q = hiddenRows.mul(outDrop).mmul(proj).add(projBias); // [N, e]
            SDVariable logits = sd.mmul(q, candEmb, false, true, false).add(candBias); // [N, C]
            // Last axis; the (x, dim) overload fails in M2.1 (NoSuchMethodException Integer.values()).
            SDVariable logp = sd.nn().logSoftmax(logits);
            SDVariable rowLoss = labels.mul(logp).sum(1).neg();
            SDVariable loss = rowLoss.mul(rowWeight).sum().div(rowWeight.sum());
            loss.rename("loss");
            sd.setLossVariables("loss");
            return new Graph(sd, v, h, e, emb, c.learningRate());
        }

        /** One optimisation step on a batch; returns its mean loss. */
        double fit(Batch batch) {
            List<String> wanted = new ArrayList<>(List.of(DENSE));
            wanted.addAll(List.of("X", "Ec", "ibc"));
            java.util.Map<String, INDArray> ph = batch.placeholders(this);
            org.nd4j.autodiff.samediff.api.OutAndGrad result = sd.calculateGradientsAndOutputs(ph, List.of("loss"), wanted);
            java.util.Map<String, INDArray> grads = result.getGradients();
            for (String w : wanted) {
                if (grads.get(w) == null) {
                    throw new IllegalStateException("SameDiff returned no gradient for " + w);
                }
            }
            double loss = result.getOutputs().get("loss").getDouble(0);
            step++;
            double lr = adam.getLearningRate(0, 0);
            double b1 = adam.getBeta1();
            double b2 = adam.getBeta2();
            double eps = adam.getEpsilon();
            double corr = lr * Math.sqrt(1 - Math.pow(b2, step)) / (1 - Math.pow(b1, step));
            for (String name : DENSE) {
                INDArray param = sd.getVariable(name).getArr();
                float[] p = Dl4jLstmNetwork.floats(param);
                float[] g = Dl4jLstmNetwork.floats(grads.get(name));
                AdamState st = dense.get(name);
                for (int i = 0; i < p.length; i++) {
                    p[i] -= st.update(i, g[i], b1, b2, eps, corr);
                }
                param.assign(Nd4j.create(p, param.shape(), 'c'));
            }
            // Sparse rows: sum the gradients of every occurrence of an item first (tied embedding).
            java.util.Map<Integer, float[]> rowGrad = new java.util.HashMap<>();
            float[] gx = Dl4jLstmNetwork.floats(grads.get("X"));
            for (int r = 0; r < batch.inputs.length; r++) {
                if (batch.weight[r] > 0) {
                    accumulate(rowGrad, batch.inputs[r], gx, r * embedding);
                }
            }
            float[] gc = Dl4jLstmNetwork.floats(grads.get("Ec"));
            float[] gb = Dl4jLstmNetwork.floats(grads.get("ibc"));
            for (int k = 0; k < batch.candidates.length; k++) {
                accumulate(rowGrad, batch.candidates[k], gc, k * embedding);
                int item = batch.candidates[k];
                itemBias[item] -= biasState.update(item, gb[k], b1, b2, eps, corr);
            }
            for (java.util.Map.Entry<Integer, float[]> en : rowGrad.entrySet()) {
                int off = en.getKey() * embedding;
                float[] g = en.getValue();
                for (int j = 0; j < embedding; j++) {
                    emb[off + j] -= embState.update(off + j, g[j], b1, b2, eps, corr);
                }
            }
            return loss;
        }

        private void accumulate(java.util.Map<Integer, float[]> rowGrad, int item, float[] g, int off) {
            float[] acc = rowGrad.computeIfAbsent(item, k -> new float[embedding]);
            for (int j = 0; j < embedding; j++) {
                acc[j] += g[off + j];
            }
        }

        /** Current parameters in the DL4J layout, output folded: W_out = E·Pᵀ, b_out = E·p + ib. */
        LstmWeights weights() {
            INDArray e = Nd4j.create(emb.clone(), new long[]{items, embedding}, 'c');
            INDArray proj = sd.getVariable("P").getArr();
            INDArray outW = e.mmul(proj.transpose()); // [V, h]
            INDArray outB = e.mmul(sd.getVariable("p").getArr().reshape(embedding, 1)).reshape(-1)
                    .add(Nd4j.create(itemBias.clone(), new long[]{items}, 'c'));
            return GateLayout.fromSameDiff(items, embedding, hidden, emb.clone(),
                    Dl4jLstmNetwork.floats(sd.getVariable("Wx").getArr()),
                    Dl4jLstmNetwork.floats(sd.getVariable("Wr").getArr()),
                    Dl4jLstmNetwork.floats(sd.getVariable("b").getArr()),
                    Dl4jLstmNetwork.floats(outW), Dl4jLstmNetwork.floats(outB));
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

    /** Adam moments of one parameter array (lazy for sparse rows: untouched entries keep theirs). */
    static final class AdamState {
        final float[] m;
        final float[] v;

        AdamState(int n) {
            m = new float[n];
            v = new float[n];
        }

        float update(int i, float g, double b1, double b2, double eps, double corr) {
            m[i] = (float) (b1 * m[i] + (1 - b1) * g);
            v[i] = (float) (b2 * v[i] + (1 - b2) * g * g);
            return (float) (corr * m[i] / (Math.sqrt(v[i]) + eps));
        }
    }

    /** One mini-batch: item indexes; {@link #placeholders} turns them into the graph's inputs. */
    static final class Batch {
        final int b;
        final int t;
        final int[] inputs;
        final int[] targets;
        final float[] weight;
        final int[] candidates;
        final long predictions;
        final float[] embDrop;
        final float[] outDrop;

        private Batch(int b, int t, int[] inputs, int[] targets, float[] weight, int[] candidates, long predictions,
                      float[] embDrop, float[] outDrop) {
            this.b = b;
            this.t = t;
            this.inputs = inputs;
            this.targets = targets;
            this.weight = weight;
            this.candidates = candidates;
            this.predictions = predictions;
            this.embDrop = embDrop;
            this.outDrop = outDrop;
        }

        static Batch of(List<Sequence> seqs, NegativeSampler sampler, LstmTrainingConfig c, Random random) {
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
            int[] cand = sampler.candidates(targets, weight, c.negatives(), random);
            return new Batch(b, t, in, targets, weight, cand, predictions,
                    mask(random, (long) n * c.embeddingSize(), c.dropout()),
                    mask(random, (long) n * c.hiddenSize(), c.dropout()));
        }

        java.util.Map<String, INDArray> placeholders(Graph g) {
            int n = b * t;
            int e = g.embedding;
            float[] x = new float[n * e];
            for (int r = 0; r < n; r++) {
                System.arraycopy(g.emb, inputs[r] * e, x, r * e, e);
            }
            int c = candidates.length;
            float[] ec = new float[c * e];
            float[] ibc = new float[c];
            java.util.Map<Integer, Integer> column = new java.util.HashMap<>(c * 2);
            for (int k = 0; k < c; k++) {
                System.arraycopy(g.emb, candidates[k] * e, ec, k * e, e);
                ibc[k] = g.itemBias[candidates[k]];
                column.put(candidates[k], k);
            }
            float[] labels = new float[n * c];
            for (int r = 0; r < n; r++) {
                if (weight[r] > 0) {
                    labels[r * c + column.get(targets[r])] = 1f;
                }
            }
            java.util.Map<String, INDArray> ph = new java.util.HashMap<>();
            g.sd.getVariable("X").setArray(Nd4j.create(x, new long[]{b, t, e}, 'c'));
            ph.put("embDrop", Nd4j.create(embDrop, new long[]{b, t, e}, 'c'));
            ph.put("Ec", Nd4j.create(ec, new long[]{c, e}, 'c'));
            ph.put("ibc", Nd4j.create(ibc, new long[]{c}, 'c'));
            ph.put("labels", Nd4j.create(labels, new long[]{n, c}, 'c'));
            ph.put("rowWeight", Nd4j.create(weight, new long[]{n}, 'c'));
            ph.put("outDrop", Nd4j.create(outDrop, new long[]{n, g.hidden}, 'c'));
            return ph;
        }

        /** Inverted dropout: kept units are scaled by 1/(1-p) so inference needs no rescaling. */
        private static float[] mask(Random r, long size, double p) {
            float[] m = new float[Math.toIntExact(size)];
            float keep = (float) (1.0 / (1.0 - p));
            for (int i = 0; i < m.length; i++) {
                m[i] = p == 0 || r.nextDouble() >= p ? keep : 0f;
            }
            return m;
        }
    }
}
