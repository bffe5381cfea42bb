package io.profilestream.trainer.train;

import io.profilestream.ml.ItemVocabulary;
import io.profilestream.ml.artifact.ModelArtifact;
import io.profilestream.ml.hybrid.HybridFeatures;
import io.profilestream.ml.hybrid.HybridSettings;
import io.profilestream.ml.hybrid.Signals;
import io.profilestream.ml.knn.ItemKnn;
import io.profilestream.ml.knn.VSkNN;
import io.profilestream.ml.lstm.EpochReport;
import io.profilestream.ml.lstm.LstmNextItemModel;
import io.profilestream.ml.lstm.LstmTrainer;
import io.profilestream.ml.lstm.LstmTrainingConfig;
import io.profilestream.ml.lstm.RepeatHeadFit;
import io.profilestream.ml.ranker.MlpConfig;
import io.profilestream.ml.ranker.MlpRanker;
import io.profilestream.trainer.data.Interaction;
import io.profilestream.trainer.data.Sessions;
import io.profilestream.trainer.data.Sessions.Session;
import io.profilestream.trainer.eval.TestSession;
import io.profilestream.trainer.split.TimeSplit;
import io.profilestream.trainer.eval.TrainingData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Training of the exported model, independent of the command line: the LSTM on the older part of
 * train.tsv, the MLP ranker on the newest part (the validation slice, by session start time), then
 * export as a versioned {@link ModelArtifact}. The validation slice is the newest share of the
 * training sessions by start time.
 *
 * <p>The kNN signals of the ranker's training examples are fitted on the older part only: fitted on
 * all of train.tsv, a validation session would find itself as its own best neighbour and the
 * ranker would learn to trust V-SKNN far more than it deserves. At evaluation and serving time the
 * signals are fitted on the whole train.tsv.
 *
 * <p>With {@link Options#refit()} the exported LSTM is trained once more, on the whole train.tsv, for
 * the best validation epoch count (the usual last step of a hold-out model selection), so the
 * newest sessions shape the served model too; the ranker keeps what it learnt from the first
 * LSTM's out-of-sample scores.
 */
public final class ModelTraining {

    private ModelTraining() {
    }

    /**
     * @param lstm               LSTM hyper-parameters (its seed is the run's seed)
     * @param mlp                ranker hyper-parameters
     * @param validationFraction share of train.tsv's sessions, the newest by start time, used for validation and the ranker
     * @param topN               candidates per signal (LSTM, V-SKNN)
     * @param negatives          negatives per ranker position
     * @param maxPositions       ranker positions at most (0 = all)
     * @param itemKnn            the ranker's item-kNN signal
     * @param vsknn              the ranker's V-SKNN signal
     * @param refit              after choosing the epoch count on the validation slice, train the
     *                           exported LSTM again on all of train.tsv for that many epochs
     */
    public record Options(LstmTrainingConfig lstm, MlpConfig mlp, double validationFraction, int topN, int negatives,
                          long maxPositions, ItemKnn.Settings itemKnn, VSkNN.Settings vsknn, boolean refit) {

        public Options {
            if (!(validationFraction > 0 && validationFraction < 1)) {
                throw new IllegalArgumentException("the validation fraction must be between 0 and 1 exclusive, got " + validationFraction);
            }
            if (topN < 1 || negatives < 1 || maxPositions < 0) {
                throw new IllegalArgumentException("candidates and ranker negatives must be >= 1 and max positions >= 0");
            }
        }

        /** The ranker's signal settings (stored with the model, so evaluation and serving use them too). */
        public HybridSettings hybrid() {
            return new HybridSettings(topN, vsknn, itemKnn);
        }
    }

    /** A trained model before export. */
    public record Outcome(ItemVocabulary vocabulary, LstmNextItemModel lstm, MlpRanker ranker, List<String> features,
                          List<EpochReport> history, RankerExamples examples, int trainSessions, int validationSessions,
                          Map<String, Double> metrics, TrainingData full) {
    }

    /**
     * Trains both models.
     *
     * @param train    all of train.tsv (defines the vocabulary, as the evaluator does)
     * @param log      receives progress lines
     * @param listener receives every LSTM epoch
     * @throws IllegalArgumentException when the slices leave nothing to train on
     */
    public static Outcome train(List<Interaction> train, Options o, Consumer<String> log, LstmTrainer.Listener listener) {
        TrainingData full = TrainingData.of(train);
        ItemVocabulary vocabulary = full.vocabulary();
        // The newest sessions by start time, not the newest share of the time span: a few early
        // outlier clicks (REES46) would otherwise leave the validation slice almost empty.
        List<Session> byStart = new ArrayList<>(Sessions.group(train));
        byStart.sort(java.util.Comparator.comparingLong(Session::startMs)); // stable: file order on ties
        int olderCount = byStart.size() - (int) Math.ceil(byStart.size() * o.validationFraction());
        List<Interaction> older = new ArrayList<>();
        byStart.subList(0, olderCount).forEach(s -> older.addAll(s.events()));
        TrainingData fit = TrainingData.of(older, vocabulary);
        List<int[]> fitSessions = sessions(fit);
        // The validation slice follows the test split's rules against the older part: clicks on
        // items the older part never shows are removed, then sessions shorter than 2. Kept, such a
        // target has an untrained embedding and is no kNN candidate, so it only adds noise to the
        // epoch choice, and it is the case the test set never holds (split removes it there).
        TimeSplit.Known newerKnown = TimeSplit.knownOnly(byStart.subList(olderCount, byStart.size()),
                TimeSplit.trainedItems(byStart.subList(0, olderCount)));
        List<int[]> validation = TestSession.of(newerKnown.events(), vocabulary, null).stream().map(TestSession::items).toList();
        if (validation.isEmpty()) {
            throw new IllegalArgumentException("the validation slice (newest " + o.validationFraction()
                    + " of the training sessions) has no session of 2+ clicks on items of the older sessions; "
                    + "raise --validation-fraction");
        }
        log.accept(String.format(java.util.Locale.ROOT, "vocabulary: %d items; LSTM trains on %d sessions, validation %d sessions "
                        + "(%d predictions; %d clicks on items only the validation slice has removed)",
                vocabulary.size(), fit.sessionCount(), validation.size(),
                validation.stream().mapToLong(v -> v.length - 1).sum(), newerKnown.removedEvents()));
        log.accept(o.lstm().cooccurrenceInit() > 0
                ? String.format(java.util.Locale.ROOT, "item embedding starts from session co-occurrence (PPMI "
                        + "eigenvectors, RMS %s)", o.lstm().cooccurrenceInit())
                : "item embedding starts random (--cooccurrence-init 0)");
        int[] categories = full.hasCategories() ? categoryIndexes(full) : null;
        if (o.lstm().categoryEmbedding()) {
            log.accept(categories == null ? "item embedding: no category rows (train.tsv has no categories)"
                    : String.format(java.util.Locale.ROOT, "item embedding: own row + a shared row per category "
                            + "(%d categories)", java.util.Arrays.stream(categories).max().orElse(-1) + 1));
        }
        LstmTrainer.Result lstm = LstmTrainer.train(vocabulary, fitSessions, validation, o.lstm(), categories, listener);
        if (lstm.repeatFit() != null) {
            RepeatHeadFit.Fit f = lstm.repeatFit();
            log.accept(String.format(java.util.Locale.ROOT, "repeat head: scale %.4f, %s per distance 0, 1, 2, 3, 4, 5-6, "
                            + "7-9, 10+ (fitted on %d validation predictions, %.1f%% of them repeats; cross-entropy %.4f -> %.4f "
                            + "in %d Newton steps)", f.head().scale(), java.util.Arrays.toString(f.head().recency()),
                    f.predictions(), 100 * f.repeatShare(), f.lossBefore(), f.lossAfter(), f.iterations()));
        }

        Signals signals = new Signals(lstm.model(), fit.itemStats(), fit.sessionsByRecency(), o.hybrid());
        HybridFeatures features = new HybridFeatures(HybridFeatures.names(full.hasCategories()));
        RankerExamples examples = RankerExamples.build(signals, features, validation, o.negatives(), o.maxPositions(),
                o.lstm().seed());
        if (examples.covered() == 0) {
            throw new IllegalArgumentException("no validation target is among the candidates; the ranker has nothing to learn from");
        }
        log.accept(String.format(java.util.Locale.ROOT, "ranker: %d examples from %d positions (target among the candidates in %.1f%%)",
                examples.features().size(), examples.positions(), 100 * examples.candidateRecall()));
        MlpRanker ranker = MlpRanker.train(examples.features(), examples.labels(), o.mlp(), o.lstm().seed());

        // The trainer returns the best epoch's weights (early stopping), so report that epoch.
        EpochReport best = lstm.history().stream()
                .max(java.util.Comparator.comparingDouble(EpochReport::validationRecall20)
                        .thenComparingDouble(EpochReport::validationMrr20))
                .orElseThrow();
        LstmNextItemModel served = lstm.model();
        double refitSeconds = 0;
        if (o.refit()) {
            // The newest sessions are the ones most like what comes next, and the slice held them
            // out only to choose the epoch count and to train the ranker on out-of-sample scores.
            // Refit on all of train.tsv for that count, as the kNN signals are at serving time.
            log.accept(String.format(java.util.Locale.ROOT, "refit: LSTM on all %d training sessions for %d epochs "
                    + "(the best validation epoch)", full.sessionCount(), best.epoch()));
            LstmTrainer.Result refit = LstmTrainer.train(vocabulary, sessions(full), List.of(),
                    o.lstm().withEpochs(best.epoch()), categories, r -> log.accept(String.format(java.util.Locale.ROOT,
                            "refit epoch %d/%d  loss %.4f  %.0f predictions/s (%.1f s)", r.epoch(), best.epoch(), r.loss(),
                            r.predictionsPerSecond(), r.trainSeconds())));
            // The repeat head stays the one fitted to the first network's out-of-sample scores, as the ranker does.
            served = refit.model().withRepeatHead(lstm.model().repeatHead());
            refitSeconds = refit.history().stream().mapToDouble(EpochReport::trainSeconds).sum();
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("validation.lstm.bestEpoch", (double) best.epoch());
        metrics.put("validation.lstm.recall@20", best.validationRecall20());
        metrics.put("validation.lstm.mrr@20", best.validationMrr20());
        metrics.put("validation.candidateRecall", examples.candidateRecall());
        if (lstm.repeatFit() != null) {
            metrics.put("validation.repeat.share", lstm.repeatFit().repeatShare());
            metrics.put("validation.repeat.scale", (double) lstm.repeatFit().head().scale());
            metrics.put("validation.repeat.crossEntropyBefore", lstm.repeatFit().lossBefore());
            metrics.put("validation.repeat.crossEntropyAfter", lstm.repeatFit().lossAfter());
        }
        metrics.put("train.predictionsPerSecond", meanPredictionsPerSecond(lstm.history()));
        metrics.put("train.lstmSeconds", lstm.history().stream().mapToDouble(EpochReport::trainSeconds).sum());
        metrics.put("train.refitSeconds", refitSeconds);
        metrics.put("train.refitEpochs", o.refit() ? (double) best.epoch() : 0);
        metrics.put("ranker.examples", (double) examples.features().size());
        // Read back by the evaluator's loader: the candidate set must be the one the ranker learnt on.
        metrics.put("ranker.candidates", (double) o.topN());
        return new Outcome(vocabulary, served, ranker, features.names(), lstm.history(), examples,
                fit.sessionCount(), validation.size(), metrics, full);
    }

    /** Each vocabulary item's category as an index (numbered in vocabulary order), −1 for none. */
    static int[] categoryIndexes(TrainingData data) {
        Map<String, Integer> ids = new java.util.HashMap<>();
        int[] out = new int[data.vocabulary().size()];
        for (int i = 0; i < out.length; i++) {
            String c = data.category(i);
            out[i] = c == null || c.isEmpty() ? -1 : ids.computeIfAbsent(c, k -> ids.size());
        }
        return out;
    }

    private static List<int[]> sessions(TrainingData data) {
        List<int[]> out = new ArrayList<>(data.sessionCount());
        for (int s = 0; s < data.sessionCount(); s++) {
            out.add(data.session(s));
        }
        return out;
    }

    /** All predictions trained over all epochs, divided by the training time (validation excluded). */
    public static double meanPredictionsPerSecond(List<EpochReport> history) {
        double seconds = history.stream().mapToDouble(EpochReport::trainSeconds).sum();
        long predictions = history.stream().mapToLong(EpochReport::predictions).sum();
        return seconds > 0 ? predictions / seconds : 0;
    }

    /**
     * Writes {@code modelsDir/<version>} and returns it: the models, plus the popularity, categories and
     * sessions of the WHOLE train.tsv, which the ranker's signals are fitted on at evaluation and
     * serving time.
     */
    public static Path export(Path modelsDir, String version, String dataHash, Outcome t, Options o) throws IOException {
        return ModelArtifact.export(modelsDir, new ModelArtifact.Export(version, dataHash, t.lstm(), o.lstm(), t.ranker(),
                o.mlp(), t.features(), o.hybrid(), t.full().itemStats(), t.full().sessionsByRecency(), t.metrics()));
    }

    /** {@code yyyyMMdd'T'HHmmss'Z'-<first 8 hex of the data hash>}: sorts by time, names the data. */
    public static String version(Instant at, String dataHash) {
        return versionLabel(at, dataHash.substring(0, 8));
    }

    /**
     * {@code yyyyMMdd'T'HHmmss'Z'-<suffix>}: the UTC time first, so in a models directory the
     * greatest name is the newest version (what a registry without a CURRENT pin serves).
     */
    public static String versionLabel(Instant at, String suffix) {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(at) + "-" + suffix;
    }

    /** SHA-256 of a file's bytes, hex. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
