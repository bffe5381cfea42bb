package io.profilestream.ml.lstm;

import io.profilestream.ml.ItemVocabulary;
import io.profilestream.ml.NextClickMetrics;
import io.profilestream.ml.SessionScorer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LstmTrainerTest {

    private static final int ITEMS = 50;

    @Test
    void shouldLearnThatItemIIsAlwaysFollowedByItemIPlusOne() {
        List<int[]> sessions = successorSessions(300, 1);
        ItemVocabulary vocabulary = TestWeights.vocabulary(ITEMS);
        LstmTrainingConfig config = new LstmTrainingConfig(16, 24, 12, 32, 0.02, 10, 0.75, 3L, 0.0, 10);
        List<EpochReport> reports = new ArrayList<>();
        LstmTrainer.Result result = LstmTrainer.train(vocabulary, sessions, List.of(), config, reports::add);

        SessionScorer scorer = result.model();
        float[] scores = new float[ITEMS];
        int hits = 0;
        int total = 0;
        for (int start = 0; start < ITEMS - 4; start++) {
            int[] prefix = {start, start + 1, start + 2};
            for (int len = 1; len <= 3; len++) {
                scorer.score(prefix, len, scores);
                int best = 0;
                for (int j = 1; j < ITEMS; j++) {
                    if (scores[j] > scores[best]) {
                        best = j;
                    }
                }
                hits += best == prefix[len - 1] + 1 ? 1 : 0;
                total++;
            }
        }
        assertThat(reports).hasSize(12);
        assertThat((double) hits / total).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void shouldReturnTheBestValidationEpochAndStopAfterPatienceEpochsWithoutImprovement() {
        List<int[]> validation = successorSessions(40, 2);
        // Learning rate high enough that validation Recall@20 stops improving within 30 epochs.
        LstmTrainingConfig config = new LstmTrainingConfig(16, 24, 30, 32, 0.05, 10, 0.75, 3L, 0.0, 10, 0, 0, 2);
        LstmTrainer.Result result = LstmTrainer.train(TestWeights.vocabulary(ITEMS), successorSessions(300, 1),
                validation, config, null);

        List<EpochReport> h = result.history();
        EpochReport best = h.stream().max(Comparator.comparingDouble(EpochReport::validationRecall20)
                .thenComparingDouble(EpochReport::validationMrr20).thenComparingInt(e -> -e.epoch())).orElseThrow();
        NextClickMetrics returned = NextClickMetrics.evaluate(result.model(), validation, 20, 2_000);
        assertThat(returned.recall()).isEqualTo(best.validationRecall20());
        assertThat(returned.mrr()).isEqualTo(best.validationMrr20());
        assertThat(h).hasSizeLessThan(30);
        assertThat(h.get(h.size() - 1).epoch() - best.epoch()).isEqualTo(2);
    }

    /** Sessions of 2-6 consecutive items i, i+1, ... (deterministic for a seed). */
    private static List<int[]> successorSessions(int count, long seed) {
        Random r = new Random(seed);
        List<int[]> sessions = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            int start = r.nextInt(ITEMS - 6);
            int len = 2 + r.nextInt(5);
            int[] session = new int[len];
            for (int i = 0; i < len; i++) {
                session[i] = start + i;
            }
            sessions.add(session);
        }
        return sessions;
    }
}
