package io.profilestream.ml.churn;

import io.profilestream.ml.Nd4jRuntime;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Trains the churn model with DL4J: a single sigmoid output unit under cross-entropy loss (a
 * logistic regression) with L2, full-batch Adam. Logistic rather than an MLP because the training
 * set is a few hundred users: a hidden layer would fit noise, and the weights of a logistic model
 * can be read (sign and size per standardised feature).
 *
 * <p>Standardisation uses the training rows' mean and population standard deviation, stored in
 * the artifact so the service applies the same transform.
 */
public final class Dl4jChurnTrainer {

    /**
     * Training settings.
     *
     * @param epochs       full-batch updates
     * @param learningRate Adam step size
     * @param l2           L2 penalty on the weights
     * @param seed         weight initialisation seed
     */
    public record Config(int epochs, double learningRate, double l2, long seed) {

        /** 500 epochs, Adam 0.05, L2 1e-3, seed 42. */
        public static Config defaults() {
            return new Config(500, 0.05, 1e-3, 42);
        }

        public Config {
            if (epochs < 1 || !(learningRate > 0) || l2 < 0) {
                throw new IllegalArgumentException("epochs >= 1, learningRate > 0 and l2 >= 0 required");
            }
        }
    }

    /**
     * The learned parameters.
     *
     * @param mean    per-feature training mean
     * @param scale   per-feature training standard deviation (1 where it was 0)
     * @param weights weights of the standardised features
     * @param bias    intercept
     */
    public record Fit(double[] mean, double[] scale, double[] weights, double bias) {
    }

    private Dl4jChurnTrainer() {
    }

    /**
     * Fits the model.
     *
     * @param x      feature rows ({@link ChurnFeatures} vectors), at least one
     * @param churned label per row: true when the user did not return within the horizon
     * @throws IllegalArgumentException on empty or ragged input, or a single class (nothing to learn)
     */
    public static Fit train(double[][] x, boolean[] churned, Config config) {
        if (x.length == 0 || x.length != churned.length) {
            throw new IllegalArgumentException("need as many labels as rows, and at least one row: " + x.length
                    + " vs " + churned.length);
        }
        int n = x[0].length;
        int positives = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != n) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " features, expected " + n);
            }
            positives += churned[i] ? 1 : 0;
        }
        if (positives == 0 || positives == x.length) {
            throw new IllegalArgumentException("all " + x.length + " training users have the same label: nothing to learn");
        }
        double[] mean = new double[n];
        double[] scale = new double[n];
        for (double[] row : x) {
            for (int j = 0; j < n; j++) {
                mean[j] += row[j] / x.length;
            }
        }
        for (double[] row : x) {
            for (int j = 0; j < n; j++) {
                scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / x.length;
            }
        }
        for (int j = 0; j < n; j++) {
            scale[j] = scale[j] > 0 ? Math.sqrt(scale[j]) : 1.0;
        }
        float[][] z = new float[x.length][n];
        float[][] y = new float[x.length][1];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < n; j++) {
                z[i][j] = (float) ((x[i][j] - mean[j]) / scale[j]);
            }
            y[i][0] = churned[i] ? 1f : 0f;
        }

        Nd4jRuntime.configure();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(config.seed()).dataType(DataType.FLOAT).updater(new Adam(config.learningRate()))
                .l2(config.l2()).weightInit(WeightInit.XAVIER).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(n).nOut(1)
                        .activation(Activation.SIGMOID).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        DataSet all = new DataSet(Nd4j.create(z), Nd4j.create(y));
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            net.fit(all);
        }
        INDArray w = net.getParam("0_W");
        double[] weights = new double[n];
        for (int j = 0; j < n; j++) {
            weights[j] = w.getDouble(j, 0);
        }
        double bias = net.getParam("0_b").getDouble(0);
        return new Fit(mean, scale, weights, bias);
    }
}
