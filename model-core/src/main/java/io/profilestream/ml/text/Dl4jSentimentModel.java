package io.profilestream.ml.text;

import io.profilestream.ml.Nd4jRuntime;
import io.profilestream.ml.artifact.ModelArtifactException;
import io.profilestream.model.serde.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
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
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Review sentiment with embeddings learned end to end (DL4J): the {@link BagOfWords} vector of a
 * text → a linear dense layer (= the average of the present features' embeddings) → softmax over
 * {@link Sentiment}, trained with class-weighted cross-entropy.
 *
 * <p>Why this and not word vectors from deeplearning4j-nlp: no pre-trained vectors can be fetched
 * here, and vectors trained on the same ~1,100 review texts have no more information than the
 * labels give the end-to-end embeddings directly; the nlp module is not in the local repository
 * either. Why not an LSTM or CNN: the median review has 29 tokens and 56 negative texts exist in
 * all; a sequence model has far more parameters than such classes can fit.
 *
 * <p>{@link #score} runs a plain-Java forward pass over weights copied from the network (a sparse
 * average of a few embedding rows and a 3-way softmax), with no lock and no native call per event;
 * {@link #referenceScores} runs DL4J itself, and a test checks both agree. Thread-safe.
 *
 * <p>Directory layout: {@value #NETWORK} (DL4J zip), {@value #FEATURES} (one feature per line, in
 * input order), {@value #METADATA} ({@link SentimentMetadata}).
 */
public final class Dl4jSentimentModel implements SentimentModel {

    public static final int FORMAT_VERSION = 1;
    public static final String KIND = "review-sentiment";
    public static final String NETWORK = "sentiment.zip";
    public static final String FEATURES = "features.txt";
    public static final String METADATA = "metadata.json";

    private static final int CLASSES = Sentiment.values().length;

    private final MultiLayerNetwork net;
    private final BagOfWords bag;
    private final SentimentMetadata metadata;
    private final int embedding;
    /** Embedding rows [feature][embedding], the dense layer's weights. */
    private final float[] embeddings;
    private final float[] embeddingBias;
    /** Output weights [embedding][class]. */
    private final float[] output;
    private final float[] outputBias;

    private Dl4jSentimentModel(MultiLayerNetwork net, BagOfWords bag, SentimentMetadata metadata) {
        this.net = net;
        this.bag = bag;
        this.metadata = metadata;
        INDArray w0 = net.getLayer(0).getParam("W");
        this.embedding = (int) w0.size(1);
        this.embeddings = w0.dup('c').data().asFloat();
        this.embeddingBias = net.getLayer(0).getParam("b").dup('c').data().asFloat();
        this.output = net.getLayer(1).getParam("W").dup('c').data().asFloat();
        this.outputBias = net.getLayer(1).getParam("b").dup('c').data().asFloat();
    }

    /**
     * Fits the vocabulary and the network on {@code texts} with their {@code labels}.
     *
     * @throws IllegalArgumentException on empty or mismatched input, or a vocabulary left empty by
     *                                  {@code minDocuments}
     */
    public static Dl4jSentimentModel train(List<String> texts, List<Sentiment> labels, SentimentTrainingConfig config,
                                           String version) {
        if (texts.isEmpty() || texts.size() != labels.size()) {
            throw new IllegalArgumentException("need as many labels as texts (and at least one): " + texts.size() + " vs "
                    + labels.size());
        }
        BagOfWords bag = BagOfWords.fit(texts, config.bigrams(), config.minDocuments(), config.maxFeatures());
        if (bag.size() == 0) {
            throw new IllegalArgumentException("no feature occurs in " + config.minDocuments() + " training texts");
        }
        Nd4jRuntime.configure();
        float[][] x = new float[texts.size()][];
        float[][] y = new float[texts.size()][CLASSES];
        int[] counts = new int[CLASSES];
        for (int i = 0; i < x.length; i++) {
            x[i] = bag.vector(texts.get(i));
            y[i][labels.get(i).ordinal()] = 1f;
            counts[labels.get(i).ordinal()]++;
        }
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(config.seed()).dataType(DataType.FLOAT).updater(new Adam(config.learningRate()))
                .l2(config.l2()).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(bag.size()).nOut(config.embeddingSize())
                        .activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder().lossFunction(new LossMCXENT(classWeights(counts, config.classWeighted())))
                        .nIn(config.embeddingSize()).nOut(CLASSES).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray features = Nd4j.create(x);
        INDArray targets = Nd4j.create(y);
        Random random = new Random(config.seed());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            order.add(i);
        }
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            Collections.shuffle(order, random);
            for (int from = 0; from < order.size(); from += config.batchSize()) {
                int[] rows = order.subList(from, Math.min(order.size(), from + config.batchSize())).stream()
                        .mapToInt(Integer::intValue).toArray();
                net.fit(new DataSet(features.getRows(rows), targets.getRows(rows)));
            }
        }
        SentimentMetadata metadata = new SentimentMetadata(FORMAT_VERSION, KIND, version, Instant.now(), TextTokenizer.VERSION,
                List.of(Sentiment.values()), config.bigrams(), bag.size(), config, null, Map.of());
        return new Dl4jSentimentModel(net, bag, metadata);
    }

    /**
     * N / (classes × count) per class, so each class carries the same total weight; an absent
     * class gets 0 (nothing to weigh). Without weighting all ones.
     */
    static INDArray classWeights(int[] counts, boolean weighted) {
        float[] w = new float[CLASSES];
        int n = 0;
        for (int c : counts) {
            n += c;
        }
        for (int c = 0; c < CLASSES; c++) {
            w[c] = !weighted ? 1f : counts[c] == 0 ? 0f : (float) n / (CLASSES * counts[c]);
        }
        return Nd4j.create(new float[][] {w});
    }

    @Override
    public SentimentScores score(String text) {
        return SentimentScores.of(probabilities(text));
    }

    /** P(class) in {@link Sentiment} order, by the plain-Java forward pass. */
    float[] probabilities(String text) {
        float[] x = bag.vector(text);
        float[] h = embeddingBias.clone();
        for (int f = 0; f < x.length; f++) {
            if (x[f] != 0f) {
                int row = f * embedding;
                for (int j = 0; j < embedding; j++) {
                    h[j] += x[f] * embeddings[row + j];
                }
            }
        }
        float[] z = outputBias.clone();
        for (int j = 0; j < embedding; j++) {
            for (int c = 0; c < CLASSES; c++) {
                z[c] += h[j] * output[j * CLASSES + c];
            }
        }
        float max = Math.max(z[0], Math.max(z[1], z[2]));
        double sum = 0;
        double[] e = new double[CLASSES];
        for (int c = 0; c < CLASSES; c++) {
            e[c] = Math.exp(z[c] - max);
            sum += e[c];
        }
        float[] p = new float[CLASSES];
        for (int c = 0; c < CLASSES; c++) {
            p[c] = (float) (e[c] / sum);
        }
        return p;
    }

    /** The same probabilities computed by DL4J (the reference the Java pass is tested against). */
    public float[][] referenceScores(List<String> texts) {
        float[][] x = new float[texts.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = bag.vector(texts.get(i));
        }
        INDArray out;
        synchronized (net) {
            out = net.output(Nd4j.create(x), false);
        }
        return out.toFloatMatrix();
    }

    @Override
    public String version() {
        return metadata.modelVersion();
    }

    /** What was recorded at training (and export) time. */
    public SentimentMetadata metadata() {
        return metadata;
    }

    /** The input vocabulary. */
    public BagOfWords features() {
        return bag;
    }

    /**
     * Writes the model into the new directory {@code directory}, atomically: everything is
     * written into a hidden sibling first and renamed, so a watcher never sees half a model.
     *
     * @throws IllegalArgumentException when {@code directory} exists already
     */
    public Path save(Path directory, String trainingDataHash, Map<String, Double> metrics) throws IOException {
        Path target = directory.toAbsolutePath();
        if (Files.exists(target)) {
            throw new IllegalArgumentException(target + " exists already; give a new directory");
        }
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + ".partial");
        deleteRecursively(tmp);
        Files.createDirectories(tmp);
        try {
            ModelSerializer.writeModel(net, tmp.resolve(NETWORK).toFile(), false);
            bag.write(tmp.resolve(FEATURES));
            SentimentMetadata m = new SentimentMetadata(FORMAT_VERSION, KIND, metadata.modelVersion(), Instant.now(),
                    TextTokenizer.VERSION, metadata.classes(), bag.bigrams(), bag.size(), metadata.config(),
                    trainingDataHash, Map.copyOf(metrics));
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.resolve(METADATA).toFile(), m);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteRecursively(tmp);
            throw e;
        }
        return target;
    }

    /**
     * Loads and checks a directory written by {@link #save}.
     *
     * @throws ModelArtifactException naming the file and what is wrong with it
     */
    public static Dl4jSentimentModel load(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new ModelArtifactException(directory + ": no such model directory");
        }
        SentimentMetadata m;
        try {
            m = Json.mapper().readValue(directory.resolve(METADATA).toFile(), SentimentMetadata.class);
        } catch (IOException e) {
            throw new ModelArtifactException(METADATA + ": unreadable: " + e.getMessage(), e);
        }
        if (!KIND.equals(m.kind()) || m.formatVersion() != FORMAT_VERSION) {
            throw new ModelArtifactException(METADATA + ": kind '" + m.kind() + "' format " + m.formatVersion()
                    + ", expected '" + KIND + "' format " + FORMAT_VERSION);
        }
        if (m.tokenizerVersion() != TextTokenizer.VERSION) {
            throw new ModelArtifactException(METADATA + ": trained with tokenizer version " + m.tokenizerVersion()
                    + " but this build tokenizes with version " + TextTokenizer.VERSION + "; retrain the model");
        }
        if (!List.of(Sentiment.values()).equals(m.classes())) {
            throw new ModelArtifactException(METADATA + ": classes " + m.classes() + ", expected " + List.of(Sentiment.values()));
        }
        BagOfWords bag;
        MultiLayerNetwork net;
        try {
            bag = BagOfWords.read(directory.resolve(FEATURES), m.bigrams());
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelArtifactException(FEATURES + ": unreadable: " + e.getMessage(), e);
        }
        try {
            Nd4jRuntime.configure();
            net = ModelSerializer.restoreMultiLayerNetwork(directory.resolve(NETWORK).toFile(), false);
        } catch (IOException | RuntimeException e) {
            throw new ModelArtifactException(NETWORK + ": unreadable: " + e.getMessage(), e);
        }
        if (net.getnLayers() != 2 || net.layerInputSize(0) != bag.size() || net.layerSize(1) != CLASSES
                || m.featureCount() != bag.size()) {
            throw new ModelArtifactException(NETWORK + ": expects " + net.layerInputSize(0) + " inputs and "
                    + net.layerSize(net.getnLayers() - 1) + " classes but " + FEATURES + " has " + bag.size()
                    + " features (metadata says " + m.featureCount() + ")");
        }
        return new Dl4jSentimentModel(net, bag, m);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(p);
                } catch (NoSuchFileException ignored) {
                    // already gone
                }
            }
        }
    }
}
