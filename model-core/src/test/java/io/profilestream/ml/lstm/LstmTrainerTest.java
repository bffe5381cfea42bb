package io.profilestream.ml.lstm;

import io.profilestream.ml.ItemVocabulary;
import io.profilestream.ml.SessionScorer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LstmTrainerTest {

    private static final int ITEMS = 50;

    @Test
    void shouldLearnThatItemIIsAlwaysFollowedByItemIPlusOne() {
        Random r = new Random(1);
        List<int[]> sessions = new ArrayList<>();
        for (int s = 0; s < 300; s++) {
            int start = r.nextInt(ITEMS - 6);
            int len = 2 + r.nextInt(5);
            int[] session = new int[len];
            for (int i = 0; i < len; i++) {
                session[i] = start + i;
            }
            sessions.add(session);
        }
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
}
