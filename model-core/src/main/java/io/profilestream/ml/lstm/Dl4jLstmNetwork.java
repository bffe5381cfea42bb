package io.profilestream.ml.lstm;

import io.profilestream.ml.Nd4jRuntime;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The LSTM as a DL4J {@link MultiLayerNetwork} (item index → EmbeddingSequenceLayer → LSTM →
 * RnnOutputLayer with identity activation = scores over all items). It is the stored form of the
 * model ({@code ModelSerializer} zip) and the reference the plain-Java step is checked against.
 * Training happens in SameDiff ({@link LstmTrainer}) with a sampled loss; the tied output
 * (projection × item embedding) is folded into the output layer at export, so this network is
 * the exact full-softmax-free scorer.
 */
public final class Dl4jLstmNetwork {

    public static final String EMBEDDING = "0";
    public static final String LSTM_LAYER = "1";
    public static final String OUTPUT = "2";

    private Dl4jLstmNetwork() {
    }

    /** Builds the network holding exactly {@code w}. */
    public static MultiLayerNetwork toNetwork(LstmWeights w) {
        Nd4jRuntime.configure();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.FLOAT)
                .list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(w.items()).nOut(w.embeddingSize())
                        .hasBias(false).outputDataFormat(RNNFormat.NCW).build())
                .layer(new LSTM.Builder().nIn(w.embeddingSize()).nOut(w.hiddenSize())
                        .activation(Activation.TANH).gateActivationFunction(Activation.SIGMOID)
                        .dataFormat(RNNFormat.NCW).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(w.hiddenSize())
                        .nOut(w.items()).activation(Activation.IDENTITY).dataFormat(RNNFormat.NCW).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        int v = w.items();
        int e = w.embeddingSize();
        int h = w.hiddenSize();
        net.getLayer(0).setParam("W", matrix(w.embedding(), v, e));
        net.getLayer(1).setParam("W", matrix(w.inputWeights(), e, 4 * h));
        net.getLayer(1).setParam("RW", matrix(w.recurrentWeights(), h, 4 * h));
        net.getLayer(1).setParam("b", matrix(w.bias(), 1, 4 * h));
        // Output layer W is [hidden, items]: the transpose of our row-per-item layout.
        net.getLayer(2).setParam("W", matrix(w.outputWeights(), v, h).transpose());
        net.getLayer(2).setParam("b", matrix(w.outputBias(), 1, v));
        return net;
    }

    /**
     * Reads the weights of a network built by {@link #toNetwork}.
     *
     * @throws IllegalArgumentException when the network does not have that structure
     */
    public static LstmWeights fromNetwork(MultiLayerNetwork net) {
        if (net.getnLayers() != 3
                || !(net.getLayer(0).conf().getLayer() instanceof EmbeddingSequenceLayer)
                || !(net.getLayer(1).conf().getLayer() instanceof LSTM)
                || !(net.getLayer(2).conf().getLayer() instanceof RnnOutputLayer)) {
            throw new IllegalArgumentException("expected EmbeddingSequenceLayer → LSTM → RnnOutputLayer, got "
                    + net.getnLayers() + " layers");
        }
        INDArray emb = net.getLayer(0).getParam("W");
        INDArray wIn = net.getLayer(1).getParam("W");
        INDArray rw = net.getLayer(1).getParam("RW");
        INDArray b = net.getLayer(1).getParam("b");
        INDArray ow = net.getLayer(2).getParam("W");
        INDArray ob = net.getLayer(2).getParam("b");
        int v = (int) emb.size(0);
        int e = (int) emb.size(1);
        int h = (int) rw.size(0);
        if (ow.size(1) != v) {
            throw new IllegalArgumentException("output layer scores " + ow.size(1) + " items but the embedding has " + v);
        }
        return new LstmWeights(v, e, h, floats(emb), floats(wIn), floats(rw), floats(b),
                floats(ow.transpose()), floats(ob));
    }

    /** DL4J forward pass over a whole sequence: the scores after its last item (reference path). */
    public static float[] referenceScores(MultiLayerNetwork net, int[] items, int length) {
        INDArray in = Nd4j.create(DataType.FLOAT, 1, length);
        for (int t = 0; t < length; t++) {
            in.putScalar(0, t, items[t]);
        }
        INDArray out = net.output(in); // [1, items, length]
        return floats(out.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(length - 1)));
    }

    /** DL4J forward pass: the LSTM layer's h after each step, [length][hidden] (reference path). */
    public static float[][] referenceHidden(MultiLayerNetwork net, int[] items, int length) {
        INDArray in = Nd4j.create(DataType.FLOAT, 1, length);
        for (int t = 0; t < length; t++) {
            in.putScalar(0, t, items[t]);
        }
        INDArray act = net.feedForwardToLayer(1, in, false).get(2); // [1, hidden, length]
        float[][] result = new float[length][];
        for (int t = 0; t < length; t++) {
            result[t] = floats(act.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(t)));
        }
        return result;
    }

    static INDArray matrix(float[] rowMajor, int rows, int cols) {
        return Nd4j.create(rowMajor, new long[]{rows, cols}, 'c');
    }

    /** Row-major copy: DL4J params may be column-major views (PROBES trap), so dup('c') first. */
    static float[] floats(INDArray a) {
        return NativeArrays.floats(a);
    }
}
