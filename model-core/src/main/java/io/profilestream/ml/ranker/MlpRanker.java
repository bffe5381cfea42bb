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
 * Thread-safe for scoring (DL4J {@code output} on a shared network is synchronised here).
 */
public final class MlpRanker {

    private final MultiLayerNetwork net;
    private final NormalizerStandardize normalizer;
    private final int features;

    private MlpRanker(MultiLayerNetwork net, NormalizerStandardize normalizer) {
        this.net = net;
        this.normalizer = normalizer;
        this.features = (int) net.layerInputSize(0);
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

    /** Scores of many feature vectors in one forward pass (the efficient way to rank candidates). */
    public float[] score(List<float[]> featureVectors) {
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
