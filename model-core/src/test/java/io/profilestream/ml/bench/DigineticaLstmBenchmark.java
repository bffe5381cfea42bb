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
 * <p>Usage: {@code java -cp ... io.profilestream.ml.bench.DigineticaLstmBenchmark FILE [epochs [learningRate [batchSize [dropout]]]]}
 */
public final class DigineticaLstmBenchmark {

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : LstmTrainingConfig.defaults().epochs();
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

        LstmTrainingConfig d = LstmTrainingConfig.defaults();
        double lr = args.length > 2 ? Double.parseDouble(args[2]) : d.learningRate();
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : d.batchSize();
        double dropout = args.length > 4 ? Double.parseDouble(args[4]) : d.dropout();
        LstmTrainingConfig config = new LstmTrainingConfig(d.embeddingSize(), d.hiddenSize(), epochs, batch, lr,
                d.negatives(), d.sampleAlpha(), d.seed(), dropout, d.maxLength());
        System.out.println(config);
        long t0 = System.nanoTime();
        LstmTrainer.Result result = LstmTrainer.train(vocab, trainIdx, testIdx, config, r -> System.out.printf(
                "epoch %2d loss %.4f val R@20 %.4f MRR@20 %.4f  %d predictions in %.2f s = %.0f predictions/s%n",
                r.epoch(), r.loss(), r.validationRecall20(), r.validationMrr20(), r.predictions(), r.trainSeconds(),
                r.predictionsPerSecond()));
        System.out.printf("total training wall time %.1f s%n", (System.nanoTime() - t0) / 1e9);
        NextClickMetrics lstm = NextClickMetrics.evaluate(result.model(), testIdx, 20, Long.MAX_VALUE);
        NextClickMetrics vsknn = QuickVsknn.evaluate(trainIdx, testIdx, vocab.size(), 20);
        System.out.printf("TEST LSTM   R@20 %.4f MRR@20 %.4f (n=%d)%n", lstm.recall(), lstm.mrr(), lstm.predictions());
        System.out.printf("TEST V-SKNN R@20 %.4f MRR@20 %.4f (n=%d)%n", vsknn.recall(), vsknn.mrr(), vsknn.predictions());
        System.out.printf("LSTM / V-SKNN: R@20 %.3f, MRR@20 %.3f%n", lstm.recall() / vsknn.recall(), lstm.mrr() / vsknn.mrr());
    }
}
