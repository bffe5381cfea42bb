package io.profilestream.ml.ranker;

import io.profilestream.ml.Nd4jRuntime;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Scores (session, candidate) feature vectors with a small DL4J MLP (features → 32 → 16 → 1,
 * sigmoid, binary cross-entropy): the probability that the candidate is the next click. Features
 * are standardised with statistics of the training set, stored inside the model zip.
 * Thread-safe.
 *
 * <p>Scoring runs a plain-Java forward pass over weights copied out of the DL4J network: the DL4J
 * {@code output} call for ~200 candidates cost 1.25 ms p50 per request (JNI, allocation, a lock
 * around the shared network), the largest part of a recommendation; the Java pass over a
 * 10→32→16→1 network is a few thousand multiply-adds. DL4J stays the reference:
 * {@link #referenceScore} and a test that compares both.
 */
public final class MlpRanker {

    private final MultiLayerNetwork net;
    private final NormalizerStandardize normalizer;
    private final int features;
    private final float[] mean;
    private final float[] std;
    private final Dense[] layers;

    /** One dense layer, row-major weights [in][out]. */
    private record Dense(int in, int out, float[] w, float[] b, boolean sigmoid) {
    }

    private MlpRanker(MultiLayerNetwork net, NormalizerStandardize normalizer) {
        this.net = net;
        this.normalizer = normalizer;
        this.features = (int) net.layerInputSize(0);
        this.mean = normalizer.getMean().reshape(-1).dup().toFloatVector();
        this.std = normalizer.getStd().reshape(-1).dup().toFloatVector();
        int n = net.getnLayers();
        this.layers = new Dense[n];
        for (int l = 0; l < n; l++) {
            INDArray w = net.getLayer(l).getParam("W");
            INDArray b = net.getLayer(l).getParam("b");
            int in = (int) w.size(0);
            int out = (int) w.size(1);
            float[] wf = new float[in * out];
            for (int i = 0; i < in; i++) {
                for (int j = 0; j < out; j++) {
                    wf[i * out + j] = w.getFloat(i, j);
                }
            }
            layers[l] = new Dense(in, out, wf, b.reshape(-1).dup().toFloatVector(), l == n - 1);
        }
    }

    /**
     * Trains on labelled examples (label 1 = the candidate was the next click, else 0).
     *
     * @throws IllegalArgumentException on empty input, ragged vectors or labels outside [0, 1]
     */
    public static MlpRanker train(List<float[]> features, List<Float> labels, MlpConfig config, long seed) {
        if (features.isEmpty() || features.size() != labels.size()) {
            throw new IllegalArgumentException("need as many labels as feature vectors (and at least one): "
                    + features.size() + " vs " + labels.size());
        }
        int n = features.get(0).length;
        float[][] x = new float[features.size()][];
        float[][] y = new float[features.size()][1];
        for (int i = 0; i < x.length; i++) {
            if (features.get(i).length != n) {
                throw new IllegalArgumentException("feature vector " + i + " has " + features.get(i).length
                        + " values, expected " + n);
            }
            float label = labels.get(i);
            if (!(label >= 0 && label <= 1)) {
                throw new IllegalArgumentException("label " + i + " must be in [0, 1], was " + label);
            }
            x[i] = features.get(i);
            y[i][0] = label;
        }
        Nd4jRuntime.configure();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.FLOAT).updater(new Adam(config.learningRate()))
                .weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(n).nOut(config.hidden1()).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(config.hidden1()).nOut(config.hidden2()).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(config.hidden2()).nOut(1)
                        .activation(Activation.SIGMOID).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        DataSet all = new DataSet(Nd4j.create(x), Nd4j.create(y));
        NormalizerStandardize normalizer = new NormalizerStandardize();
        normalizer.fit(all);
        normalizer.transform(all);
        Random random = new Random(seed);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            order.add(i);
        }
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            Collections.shuffle(order, random);
            for (int from = 0; from < order.size(); from += config.batchSize()) {
                List<Integer> part = order.subList(from, Math.min(order.size(), from + config.batchSize()));
                int[] rows = part.stream().mapToInt(Integer::intValue).toArray();
                net.fit(new DataSet(all.getFeatures().getRows(rows), all.getLabels().getRows(rows)));
            }
        }
        return new MlpRanker(net, normalizer);
    }

    /** Feature-vector length this ranker expects. */
    public int featureCount() {
        return features;
    }

    /** Score of one feature vector, in (0, 1). */
    public float score(float[] featureVector) {
        return score(List.of(featureVector))[0];
    }

    /** Scores of many feature vectors (plain-Java forward pass, no lock). */
    public float[] score(List<float[]> featureVectors) {
        float[] out = new float[featureVectors.size()];
        // Activations of every layer, allocated once per call and reused for every vector (they
        // were 4 small arrays per candidate, ~5% of the recommender's allocated bytes).
        float[][] act = new float[layers.length + 1][];
        act[0] = new float[features];
        for (int l = 0; l < layers.length; l++) {
            act[l + 1] = new float[layers[l].out()];
        }
        for (int i = 0; i < out.length; i++) {
            float[] x = featureVectors.get(i);
            if (x.length != features) {
                throw new IllegalArgumentException("feature vector " + i + " has " + x.length
                        + " values, expected " + features);
            }
            out[i] = forward(x, act);
        }
        return out;
    }

    private float forward(float[] x, float[][] act) {
        float[] a = act[0];
        for (int k = 0; k < features; k++) {
            // NormalizerStandardize: (x - mean) / std, its std already floored away from zero at fit time.
            a[k] = (x[k] - mean[k]) / std[k];
        }
        for (int l = 0; l < layers.length; l++) {
            Dense d = layers[l];
            float[] z = act[l + 1];
            System.arraycopy(d.b(), 0, z, 0, d.out());
            for (int i = 0; i < d.in(); i++) {
                float ai = a[i];
                int row = i * d.out();
                for (int j = 0; j < d.out(); j++) {
                    z[j] += ai * d.w()[row + j];
                }
            }
            for (int j = 0; j < z.length; j++) {
                z[j] = d.sigmoid() ? (float) (1.0 / (1.0 + Math.exp(-z[j]))) : Math.max(0f, z[j]);
            }
            a = z;
        }
        return a[0];
    }

    /** The same scores from the DL4J network (the reference the Java pass is tested against). */
    public float[] referenceScore(List<float[]> featureVectors) {
        if (featureVectors.isEmpty()) {
            return new float[0];
        }
        float[][] x = new float[featureVectors.size()][];
        for (int i = 0; i < x.length; i++) {
            if (featureVectors.get(i).length != features) {
                throw new IllegalArgumentException("feature vector " + i + " has " + featureVectors.get(i).length
                        + " values, expected " + features);
            }
            x[i] = featureVectors.get(i);
        }
        INDArray in = Nd4j.create(x);
        normalizer.transform(in);
        INDArray out;
        synchronized (net) {
            out = net.output(in, false);
        }
        return out.reshape(-1).dup('c').data().asFloat();
    }

    /** Writes network + normaliser as one DL4J zip. */
    public void save(Path file) throws IOException {
        // writeModel(..., normalizer) fails in M2.1 ("flush() failed: stream is closed"): add it after.
        ModelSerializer.writeModel(net, file.toFile(), false);
        ModelSerializer.addNormalizerToModel(file.toFile(), normalizer);
    }

    /** Reads a zip written by {@link #save}. */
    public static MlpRanker load(Path file) throws IOException {
        Nd4jRuntime.configure();
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
        NormalizerStandardize normalizer = ModelSerializer.restoreNormalizerFromFile(file.toFile());
        if (normalizer == null) {
            throw new IOException(file.getFileName() + " holds no feature normaliser");
        }
        return new MlpRanker(net, normalizer);
    }
}
