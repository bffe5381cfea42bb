package io.profilestream.trainer.train;

import io.profilestream.ml.knn.ItemKnn;
import io.profilestream.ml.knn.VSkNN;
import io.profilestream.ml.lstm.LstmTrainingConfig;
import io.profilestream.ml.ranker.MlpConfig;
import io.profilestream.cli.Progress;
import io.profilestream.cli.ProgressOptions;
import io.profilestream.trainer.data.InteractionFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code train}: LSTM + MLP ranker on train.tsv, exported as a versioned model directory. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Trains the LSTM and the MLP ranker on train.tsv and exports them as a model version.",
        description = {"Trains the next-item LSTM on train.tsv minus its newest --validation-fraction of sessions (by start "
                + "time), reporting loss, validation Recall@20/MRR@20 and predictions/s per epoch; then the MLP ranker on "
                + "the validation sessions (candidates = LSTM top-N + V-SKNN top-N); then (--refit, the default) the "
                + "LSTM again on all of train.tsv for the best validation epoch count. Validation clicks on items that "
                + "only the validation slice has are removed, as split removes unseen test items. Deterministic for a --seed.",
                "EXPORTS as it finishes (there is no separate export command): the model goes to "
                + "--models-dir/<version>/ (version = UTC time + first 8 hex of train.tsv's SHA-256), written atomically; "
                + "the last stdout line is 'exported <dir>'. Evaluate it with: evaluate --model <dir>."})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--train", required = true, paramLabel = "FILE", description = "train.tsv from split (defines the item vocabulary).")
    Path train;

    @Option(names = "--models-dir", defaultValue = "models", paramLabel = "DIR", description = "Where <version>/ is written (default: ./${DEFAULT-VALUE}).")
    Path modelsDir;

    @Mixin
    ProgressOptions progress;

    @Option(names = "--version-label", paramLabel = "NAME", description = "Version directory name instead of <UTC time>-<data hash>.")
    String versionLabel;

    @Option(names = "--validation-fraction", defaultValue = "0.1", paramLabel = "F",
            description = "Share of train.tsv's sessions, the newest by start time, held out for validation and the ranker (default: ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--epochs", defaultValue = "80", paramLabel = "N", description = "Most LSTM epochs; early stopping may end sooner (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--embedding-size", defaultValue = "100", paramLabel = "N", description = "Item embedding size (default: ${DEFAULT-VALUE}).")
    int embeddingSize;

    @Option(names = "--hidden-size", defaultValue = "100", paramLabel = "N", description = "LSTM units (default: ${DEFAULT-VALUE}).")
    int hiddenSize;

    @Option(names = "--batch-size", defaultValue = "128", paramLabel = "N", description = "Sequences per mini-batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "0.05", paramLabel = "LR", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--negatives", defaultValue = "1024", paramLabel = "N",
            description = "Negatives per mini-batch, drawn by popularity^A and shared by every row; at least the number of "
                    + "items means a full softmax (default: ${DEFAULT-VALUE}).")
    int negatives;

    @Option(names = "--sample-alpha", defaultValue = "0.75", paramLabel = "A",
            description = "Negative sampling by popularity^A, 0 = uniform (default: ${DEFAULT-VALUE}).")
    double sampleAlpha;

    @Option(names = "--dropout", defaultValue = "0.5", paramLabel = "P", description = "Dropout on embeddings and LSTM output (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--max-length", defaultValue = "20", paramLabel = "N", description = "Longest unrolled sequence (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--weight-decay", defaultValue = "0", paramLabel = "W", description = "Decoupled weight decay per step (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--learning-rate-decay", defaultValue = "0.05", paramLabel = "D", description = "Learning-rate decay per epoch (default: ${DEFAULT-VALUE}).")
    double learningRateDecay;

    @Option(names = "--patience", defaultValue = "10", paramLabel = "N", description = "Stop after N epochs without a better validation Recall@20, 0 = never (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--repeat-head", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Give the LSTM a repeat term: an extra score for the items the session already holds, by how "
                    + "many clicks ago, fitted on the validation slice to the trained network (default: ${DEFAULT-VALUE}; "
                    + "--no-repeat-head: the network's scores alone, as before 2026-12-02).")
    boolean repeatHead;

    @Option(names = "--cooccurrence-init", defaultValue = "0.2", paramLabel = "RMS",
            description = "Start the item embedding from session co-occurrence (the leading eigenvectors of the items' "
                    + "PPMI matrix, scaled to this root-mean-square; items that co-occur with none keep a random start); "
                    + "0 = a random start for every item, as before 2026-12-02 (default: ${DEFAULT-VALUE}). Needs about "
                    + "4 × items × (embedding size + 10) doubles of heap while it is computed.")
    double cooccurrenceInit;

    @Option(names = "--category-embedding", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "When train.tsv has categories, train each item's embedding as its own row plus a row shared "
                    + "by its category, so that rarely clicked items are ranked with their category; the exported model "
                    + "holds the sum, one row per item (default: ${DEFAULT-VALUE}; --no-category-embedding: own rows "
                    + "only, as before 2026-12-02).")
    boolean categoryEmbedding;

    @Option(names = "--candidates", defaultValue = "100", paramLabel = "N", description = "Top-N of the LSTM and of V-SKNN forming the ranker's candidates (default: ${DEFAULT-VALUE}).")
    int candidates;

    @Option(names = "--ranker-negatives", defaultValue = "20", paramLabel = "N", description = "Negative candidates per ranker position (default: ${DEFAULT-VALUE}).")
    int rankerNegatives;

    @Option(names = "--ranker-max-positions", defaultValue = "5000", paramLabel = "N", description = "Validation positions used for the ranker, 0 = all (default: ${DEFAULT-VALUE}).")
    long rankerMaxPositions;

    @Option(names = "--ranker-hidden", split = ",", defaultValue = "32,16", paramLabel = "H1,H2", description = "Ranker hidden layers (default: ${DEFAULT-VALUE}).")
    int[] rankerHidden;

    @Option(names = "--ranker-epochs", defaultValue = "20", paramLabel = "N", description = "Ranker epochs (default: ${DEFAULT-VALUE}).")
    int rankerEpochs;

    @Option(names = "--ranker-learning-rate", defaultValue = "0.01", paramLabel = "LR", description = "Ranker Adam learning rate (default: ${DEFAULT-VALUE}).")
    double rankerLearningRate;

    @Option(names = "--refit", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "After the epoch count is chosen on the validation slice, train the exported LSTM again on all "
                    + "of train.tsv for that many epochs (default: ${DEFAULT-VALUE}; --no-refit exports the LSTM of the "
                    + "best validation epoch, trained without the slice). The refit doubles the training time, and with "
                    + "it the native memory DL4J 1.0.0-M2.1 keeps while training (~0.4 GB per epoch of 540 batches; past 4 × "
                    + "the heap JavaCPP refuses, unless PROFILESTREAM_TRAINER_JAVA_OPTS raises "
                    + "-Dorg.bytedeco.javacpp.maxphysicalbytes).")
    boolean refit;

    @Option(names = "--vsknn-k", defaultValue = "100", paramLabel = "N", description = "V-SKNN neighbours of the ranker's signal (default: ${DEFAULT-VALUE}).")
    int vsknnK;

    @Option(names = "--vsknn-sample", defaultValue = "500", paramLabel = "N", description = "V-SKNN recent candidate sessions, 0 = all (default: ${DEFAULT-VALUE}).")
    int vsknnSample;

    /** The LSTM settings these options give; with no options, {@link LstmTrainingConfig#defaults()}. */
    LstmTrainingConfig lstmConfig() {
        return new LstmTrainingConfig(embeddingSize, hiddenSize, epochs, batchSize, learningRate, negatives, sampleAlpha,
                seed, dropout, maxLength, weightDecay, learningRateDecay, patience, repeatHead, cooccurrenceInit,
                categoryEmbedding);
    }

    @Override
    public Integer call() throws Exception {
        ModelTraining.Options options;
        try {
            if (rankerHidden.length != 2) {
                throw new IllegalArgumentException("--ranker-hidden takes two sizes, e.g. 32,16");
            }
            options = new ModelTraining.Options(
                    lstmConfig(),
                    new MlpConfig(rankerHidden[0], rankerHidden[1], rankerEpochs, 256, rankerLearningRate),
                    validationFraction, candidates, rankerNegatives, rankerMaxPositions,
                    ItemKnn.Settings.DEFAULT, new VSkNN.Settings(vsknnK, vsknnSample), refit);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        String dataHash = ModelTraining.sha256(train);
        var interactions = InteractionFile.read(train, progress.enabled());
        ModelTraining.Outcome outcome;
        try (Progress bar = progress.bar("train LSTM", epochs, " epochs", false)) {
            outcome = ModelTraining.train(interactions, options, line -> {
                if (line.startsWith("ranker:")) {
                    bar.message("ranker...");
                }
                bar.println(out, line);
            }, r -> {
                bar.step(1);
                bar.message(String.format(Locale.ROOT, "loss %.3f R@20 %.3f", r.loss(), r.validationRecall20()));
                bar.println(out, String.format(Locale.ROOT,
                        "epoch %d/%d  loss %.4f  validation Recall@20 %.4f MRR@20 %.4f  %.0f predictions/s (%.1f s)",
                        r.epoch(), epochs, r.loss(), r.validationRecall20(), r.validationMrr20(), r.predictionsPerSecond(),
                        r.trainSeconds()));
            });
            // Early stopping may end before --epochs: the bar ends full at the epochs trained.
            bar.max(outcome.history().size());
        }
        out.printf(Locale.ROOT, "LSTM training speed: %.0f predictions/s over %d epochs%n",
                ModelTraining.meanPredictionsPerSecond(outcome.history()), outcome.history().size());
        String version = versionLabel != null ? versionLabel : ModelTraining.version(Instant.now(), dataHash);
        Path dir;
        try {
            dir = ModelTraining.export(modelsDir, version, dataHash, outcome, options);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        out.println("exported " + dir);
        out.flush();
        return 0;
    }
}
