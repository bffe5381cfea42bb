package io.profilestream.trainer.text;

import static io.profilestream.ml.text.Sentiment.NEGATIVE;
import static io.profilestream.ml.text.Sentiment.POSITIVE;
import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.ml.text.Sentiment;
import io.profilestream.trainer.text.ReviewCorpus.Review;
import io.profilestream.trainer.text.SentimentEvaluation.Fold;
import io.profilestream.trainer.text.SentimentEvaluation.Result;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SentimentEvaluationTest {

    /** Six positive texts (times 0..5), then four negative ones (times 6..9). */
    private static List<Review> reviews() {
        List<Review> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Sentiment s = i < 6 ? POSITIVE : NEGATIVE;
            out.add(new Review((s == POSITIVE ? "good " : "bad ") + i, s == POSITIVE ? 5 : 1, s, i));
        }
        return out;
    }

    @Test
    void shouldPutEveryTextInExactlyOneTestFoldWithEachClassSpreadEvenly() {
        List<Fold> folds = SentimentEvaluation.stratifiedFolds(reviews(), 2, 42);

        assertThat(folds).hasSize(2);
        int[] all = folds.stream().flatMapToInt(f -> Arrays.stream(f.test())).sorted().toArray();
        assertThat(all).containsExactly(IntStream.range(0, 10).toArray());
        for (Fold f : folds) {
            assertThat(Arrays.stream(f.test()).filter(i -> i < 6).count()).isEqualTo(3);
            assertThat(Arrays.stream(f.test()).filter(i -> i >= 6).count()).isEqualTo(2);
            assertThat(f.train()).hasSize(5).doesNotContain(f.test());
        }
    }

    @Test
    void shouldGiveTheSameFoldsForTheSameSeed() {
        assertThat(SentimentEvaluation.stratifiedFolds(reviews(), 2, 7).get(0).test())
                .isEqualTo(SentimentEvaluation.stratifiedFolds(reviews(), 2, 7).get(0).test());
    }

    @Test
    void shouldHoldOutTheLatestTextsInATimeSplit() {
        List<Fold> split = SentimentEvaluation.timeSplit(reviews(), 0.25);

        assertThat(split).hasSize(1);
        assertThat(split.get(0).test()).containsExactly(7, 8, 9);
        assertThat(split.get(0).train()).containsExactly(0, 1, 2, 3, 4, 5, 6);
    }

    @Test
    void shouldPoolTheFoldsAndFitEachCandidateOnTrainingTextsOnly() {
        List<Set<String>> seen = new ArrayList<>();
        SentimentEvaluation.Candidate spy = new SentimentEvaluation.Candidate("keyword", (texts, labels) -> {
            seen.add(Set.copyOf(texts));
            return text -> text.startsWith("good") ? POSITIVE : NEGATIVE;
        });
        List<Fold> folds = SentimentEvaluation.stratifiedFolds(reviews(), 2, 42);

        List<Result> results = SentimentEvaluation.run(reviews(), folds, List.of(SentimentEvaluation.majority(), spy), s -> { });

        ConfusionMatrix majority = results.get(0).pooled();
        assertThat(majority.counts()).isEqualTo(new long[][] {{0, 0, 4}, {0, 0, 0}, {0, 0, 6}});
        assertThat(results.get(1).pooled().counts()).isEqualTo(new long[][] {{4, 0, 0}, {0, 0, 0}, {0, 0, 6}});
        assertThat(results.get(1).foldMacroF1()).containsExactly(1.0, 1.0);
        for (int f = 0; f < folds.size(); f++) {
            Set<String> test = new java.util.HashSet<>();
            Arrays.stream(folds.get(f).test()).forEach(i -> test.add(reviews().get(i).text()));
            assertThat(seen.get(f)).hasSize(5).doesNotContainAnyElementsOf(test);
        }
    }
}
