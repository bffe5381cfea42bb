package io.profilestream.trainer.text;

import io.profilestream.ml.text.Dl4jSentimentModel;
import io.profilestream.ml.text.Sentiment;
import io.profilestream.ml.text.SentimentTrainingConfig;
import io.profilestream.trainer.text.ReviewCorpus.Review;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Evaluates sentiment classifiers on the same splits in one run: each candidate is fitted on a
 * fold's training texts only and predicts its test texts; the confusion matrices are pooled over
 * the folds, so with cross-validation every text is predicted exactly once, by a model that did
 * not see it.
 */
public final class SentimentEvaluation {

    /** A fitted classifier. */
    @FunctionalInterface
    public interface Classifier {
        Sentiment classify(String text);
    }

    /**
     * Something that can be fitted on labelled texts.
     *
     * @param name row name in the table
     * @param fit  training function (a baseline may ignore its input)
     */
    public record Candidate(String name, Fitter fit) {
    }

    /** Fits a classifier on texts and labels. */
    @FunctionalInterface
    public interface Fitter {
        Classifier fit(List<String> texts, List<Sentiment> labels);
    }

    /**
     * Indexes of one split into the review list.
     *
     * @param train training indexes
     * @param test  test indexes
     */
    public record Fold(int[] train, int[] test) {
    }

    /**
     * One candidate's results.
     *
     * @param name          candidate name
     * @param pooled        confusion matrix over every fold's test texts
     * @param foldMacroF1   macro-F1 of each fold on its own
     * @param seconds       wall time of fitting and predicting (informative only)
     */
    public record Result(String name, ConfusionMatrix pooled, List<Double> foldMacroF1, double seconds) {
    }

    private SentimentEvaluation() {
    }

    /** The always-the-training-majority baseline. */
    public static Candidate majority() {
        return new Candidate("majority", (texts, labels) -> {
            int[] n = new int[Sentiment.values().length];
            labels.forEach(l -> n[l.ordinal()]++);
            Sentiment best = Sentiment.values()[IntStream.range(0, n.length).boxed()
                    .max(Comparator.comparingInt(i -> n[i])).orElseThrow()];
            return text -> best;
        });
    }

    /** The lexicon baseline (needs no training). */
    public static Candidate lexicon(LexiconBaseline lexicon) {
        return new Candidate("lexicon", (texts, labels) -> lexicon::classify);
    }

    /** The DL4J model with {@code config}. */
    public static Candidate dl4j(String name, SentimentTrainingConfig config) {
        return new Candidate(name, (texts, labels) -> {
            Dl4jSentimentModel model = Dl4jSentimentModel.train(texts, labels, config, "eval");
            return text -> model.score(text).label();
        });
    }

    /**
     * {@code k} folds stratified by class: each class's texts are shuffled with {@code seed} and
     * dealt round-robin, so every fold holds each class in (nearly) the corpus proportion; that
     * matters when a class has only ~60 texts.
     */
    public static List<Fold> stratifiedFolds(List<Review> reviews, int k, long seed) {
        if (k < 2 || k > reviews.size()) {
            throw new IllegalArgumentException("folds must be in 2.." + reviews.size() + ", got " + k);
        }
        int[] fold = new int[reviews.size()];
        Random random = new Random(seed);
        for (Sentiment c : Sentiment.values()) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < reviews.size(); i++) {
                if (reviews.get(i).label() == c) {
                    members.add(i);
                }
            }
            Collections.shuffle(members, random);
            for (int j = 0; j < members.size(); j++) {
                fold[members.get(j)] = j % k;
            }
        }
        List<Fold> out = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            int current = f;
            out.add(new Fold(IntStream.range(0, fold.length).filter(i -> fold[i] != current).toArray(),
                    IntStream.range(0, fold.length).filter(i -> fold[i] == current).toArray()));
        }
        return out;
    }

    /** One fold: the latest {@code testFraction} of texts by time (ties by file order) are the test set. */
    public static List<Fold> timeSplit(List<Review> reviews, double testFraction) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in (0, 1), got " + testFraction);
        }
        Integer[] order = IntStream.range(0, reviews.size()).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(order, Comparator.comparingLong((Integer i) -> reviews.get(i).time()).thenComparingInt(i -> i));
        int test = (int) Math.ceil(reviews.size() * testFraction);
        int cut = reviews.size() - test;
        int[] train = IntStream.range(0, cut).map(i -> order[i]).sorted().toArray();
        int[] held = IntStream.range(cut, order.length).map(i -> order[i]).sorted().toArray();
        return List.of(new Fold(train, held));
    }

    /**
     * Runs every candidate on every fold.
     *
     * @param progress told "candidate fold i/n" before each fit (may be a no-op)
     */
    public static List<Result> run(List<Review> reviews, List<Fold> folds, List<Candidate> candidates,
                                   Consumer<String> progress) {
        List<Result> out = new ArrayList<>();
        for (Candidate c : candidates) {
            long start = System.nanoTime();
            ConfusionMatrix pooled = new ConfusionMatrix();
            List<Double> perFold = new ArrayList<>();
            for (int f = 0; f < folds.size(); f++) {
                progress.accept(c.name() + " fold " + (f + 1) + "/" + folds.size());
                Fold fold = folds.get(f);
                List<String> texts = new ArrayList<>();
                List<Sentiment> labels = new ArrayList<>();
                for (int i : fold.train()) {
                    texts.add(reviews.get(i).text());
                    labels.add(reviews.get(i).label());
                }
                Classifier classifier = c.fit().fit(texts, labels);
                ConfusionMatrix m = new ConfusionMatrix();
                for (int i : fold.test()) {
                    m.add(reviews.get(i).label(), classifier.classify(reviews.get(i).text()));
                }
                perFold.add(m.macroF1());
                pooled.addAll(m);
            }
            out.add(new Result(c.name(), pooled, List.copyOf(perFold), (System.nanoTime() - start) / 1e9));
        }
        return out;
    }
}
