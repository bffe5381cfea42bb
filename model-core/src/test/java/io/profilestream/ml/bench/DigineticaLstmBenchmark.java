package io.profilestream.ml.bench;

import io.profilestream.ml.ItemVocabulary;
import io.profilestream.ml.NextClickMetrics;
import io.profilestream.ml.lstm.LstmTrainer;
import io.profilestream.ml.lstm.LstmTrainingConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Manual measurement on the real Diginetica sample (never run by the build: no @Test). Time split:
 * sessions of the last eventdate → test (items unseen in training dropped, sessions &lt; 2 dropped);
 * reports training predictions/s and next-click Recall@20/MRR@20 of the LSTM and, for the ratio,
 * a compact V-SKNN ({@link QuickVsknn}).
 *
 * <p>Usage: {@code java -cp ... io.profilestream.ml.bench.DigineticaLstmBenchmark FILE [name=value ...]} where
 * name is a {@link LstmTrainingConfig} component (e.g. {@code epochs=30 learningRate=0.01}); the
 * others keep {@link LstmTrainingConfig#defaults()}.
 */
public final class DigineticaLstmBenchmark {

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        record Click(String session, String item, long time, String date) { }
        Map<String, List<Click>> bySession = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
            String[] f = line.split(";");
            bySession.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new Click(f[0], f[2], Long.parseLong(f[3]), f[4]));
        }
        // Test = sessions ending on the latest dates, ~10 % of sessions (the last day alone has 21).
        List<String> ends = bySession.values().stream()
                .map(s -> s.stream().map(Click::date).max(String::compareTo).orElseThrow()).sorted().toList();
        String lastDate = ends.get((int) (ends.size() * 0.9));
        List<List<String>> train = new ArrayList<>();
        List<List<String>> test = new ArrayList<>();
        for (List<Click> s : bySession.values()) {
            s.sort(Comparator.comparingLong(Click::time));
            List<String> items = s.stream().map(Click::item).toList();
            if (s.stream().map(Click::date).max(String::compareTo).orElseThrow().compareTo(lastDate) >= 0) {
                test.add(items);
            } else {
                train.add(items);
            }
        }
        Map<String, Integer> idx = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (List<String> s : train) {
            for (String it : s) {
                if (idx.putIfAbsent(it, ids.size()) == null) {
                    ids.add(it);
                }
            }
        }
        ItemVocabulary vocab = new ItemVocabulary(ids);
        List<int[]> trainIdx = new ArrayList<>();
        for (List<String> s : train) {
            if (s.size() >= 2) {
                trainIdx.add(s.stream().mapToInt(idx::get).toArray());
            }
        }
        List<int[]> testIdx = new ArrayList<>();
        for (List<String> s : test) {
            int[] a = s.stream().filter(idx::containsKey).mapToInt(idx::get).toArray();
            if (a.length >= 2) {
                testIdx.add(a);
            }
        }
        long trainPreds = trainIdx.stream().mapToLong(a -> a.length - 1).sum();
        long testPreds = testIdx.stream().mapToLong(a -> a.length - 1).sum();
        System.out.printf("items %d, train sessions %d (%d predictions), test sessions %d (%d predictions, test from date %s)%n",
                vocab.size(), trainIdx.size(), trainPreds, testIdx.size(), testPreds, lastDate);

        LstmTrainingConfig config = configFrom(args, 1);
        System.out.println(config);
        // Early stopping must not look at the test set: the last 10 % of training sessions (in time
        // order, as read) validate; the model is then refitted on all training sessions for the
        // best epoch count, so the test model sees as much data as the baselines.
        int cut = (int) (trainIdx.size() * 0.9);
        List<int[]> fit = trainIdx.subList(0, cut);
        // Like the test protocol: validation items unseen in the fitted part are dropped.
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        fit.forEach(a -> java.util.Arrays.stream(a).forEach(seen::add));
        List<int[]> val = trainIdx.subList(cut, trainIdx.size()).stream()
                .map(a -> java.util.Arrays.stream(a).filter(seen::contains).toArray())
                .filter(a -> a.length >= 2).toList();
        long t0 = System.nanoTime();
        LstmTrainer.Listener print = r -> System.out.printf(
                "epoch %2d loss %.4f val R@20 %.4f MRR@20 %.4f  %d predictions in %.2f s = %.0f predictions/s%n",
                r.epoch(), r.loss(), r.validationRecall20(), r.validationMrr20(), r.predictions(), r.trainSeconds(),
                r.predictionsPerSecond());
        LstmTrainer.Result selection = LstmTrainer.train(vocab, fit, val, config, print);
        int bestEpoch = selection.history().stream()
                .max(Comparator.comparingDouble((io.profilestream.ml.lstm.EpochReport r) -> r.validationRecall20())
                        .thenComparingDouble(r -> r.validationMrr20()).thenComparingInt(r -> -r.epoch()))
                .orElseThrow().epoch();
        long preds = selection.history().stream().mapToLong(io.profilestream.ml.lstm.EpochReport::predictions).sum();
        double secs = selection.history().stream().mapToDouble(io.profilestream.ml.lstm.EpochReport::trainSeconds).sum();
        System.out.printf("best validation epoch %d; selection run %.0f predictions/s over %d epochs%n", bestEpoch,
                preds / secs, selection.history().size());
        LstmTrainer.Result result = LstmTrainer.train(vocab, trainIdx, List.of(), config.withEpochs(bestEpoch), print);
        System.out.printf("total training wall time %.1f s%n", (System.nanoTime() - t0) / 1e9);
        // The refit has no validation data to fit a head on: it keeps the selection run's, as ModelTraining does.
        NextClickMetrics lstm = NextClickMetrics.evaluate(result.model().withRepeatHead(selection.model().repeatHead()),
                testIdx, 20, Long.MAX_VALUE);
        NextClickMetrics vsknn = QuickVsknn.evaluate(trainIdx, testIdx, vocab.size(), 20);
        System.out.printf("TEST LSTM   R@20 %.4f MRR@20 %.4f (n=%d)%n", lstm.recall(), lstm.mrr(), lstm.predictions());
        System.out.printf("TEST V-SKNN R@20 %.4f MRR@20 %.4f (n=%d)%n", vsknn.recall(), vsknn.mrr(), vsknn.predictions());
        System.out.printf("LSTM / V-SKNN: R@20 %.3f, MRR@20 %.3f%n", lstm.recall() / vsknn.recall(), lstm.mrr() / vsknn.mrr());
    }

    /** Defaults overridden by {@code name=value} arguments from {@code args[from]} on. */
    static LstmTrainingConfig configFrom(String[] args, int from) {
        Map<String, String> o = new HashMap<>();
        for (int i = from; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            o.put(kv[0], kv[1]);
        }
        LstmTrainingConfig d = LstmTrainingConfig.defaults();
        LstmTrainingConfig c = new LstmTrainingConfig(
                Integer.parseInt(o.getOrDefault("embeddingSize", "" + d.embeddingSize())),
                Integer.parseInt(o.getOrDefault("hiddenSize", "" + d.hiddenSize())),
                Integer.parseInt(o.getOrDefault("epochs", "" + d.epochs())),
                Integer.parseInt(o.getOrDefault("batchSize", "" + d.batchSize())),
                Double.parseDouble(o.getOrDefault("learningRate", "" + d.learningRate())),
                Integer.parseInt(o.getOrDefault("negatives", "" + d.negatives())),
                Double.parseDouble(o.getOrDefault("sampleAlpha", "" + d.sampleAlpha())),
                Long.parseLong(o.getOrDefault("seed", "" + d.seed())),
                Double.parseDouble(o.getOrDefault("dropout", "" + d.dropout())),
                Integer.parseInt(o.getOrDefault("maxLength", "" + d.maxLength())),
                Double.parseDouble(o.getOrDefault("weightDecay", "" + d.weightDecay())),
                Double.parseDouble(o.getOrDefault("learningRateDecay", "" + d.learningRateDecay())),
                Integer.parseInt(o.getOrDefault("patience", "" + d.patience())),
                Boolean.parseBoolean(o.getOrDefault("repeatHead", "" + d.repeatHead())),
                Double.parseDouble(o.getOrDefault("cooccurrenceInit", "" + d.cooccurrenceInit())),
                // No effect here: this sample has no categories, and the benchmark passes none.
                Boolean.parseBoolean(o.getOrDefault("categoryEmbedding", "" + d.categoryEmbedding())));
        o.keySet().removeAll(java.util.Set.of("embeddingSize", "hiddenSize", "epochs", "batchSize", "learningRate",
                "negatives", "sampleAlpha", "seed", "dropout", "maxLength", "weightDecay", "learningRateDecay", "patience",
                "repeatHead", "cooccurrenceInit", "categoryEmbedding"));
        if (!o.isEmpty()) {
            throw new IllegalArgumentException("unknown options " + o.keySet());
        }
        return c;
    }
}
