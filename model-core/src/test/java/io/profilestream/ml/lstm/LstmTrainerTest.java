package io.profilestream.ml.lstm;

import io.profilestream.ml.ItemVocabulary;
import io.profilestream.ml.NextClickMetrics;
import io.profilestream.ml.SessionScorer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
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

        assertThat(reports).hasSize(12);
        assertThat(successorHitRate(result.model())).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void shouldLearnTheSuccessorPatternFromACooccurrenceStart() {
        // 40 epochs, not 12: co-occurrence is symmetric, so i-1 starts as close to i as i+1 does, and
        // the direction takes longer to learn (hit rate 0.66 after 12 epochs, 0.81 after 24, 0.96
        // after 40; from a random start 0.98 after 12).
        LstmTrainingConfig config = new LstmTrainingConfig(16, 24, 40, 32, 0.02, 10, 0.75, 3L, 0.0, 10)
                .withCooccurrenceInit(0.1);
        LstmTrainer.Result result = LstmTrainer.train(TestWeights.vocabulary(ITEMS), successorSessions(300, 1),
                List.of(), config, null);

        assertThat(successorHitRate(result.model())).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void shouldStartCooccurringItemsFromTheirPpmiRowsAndKeepTheRandomStartOfTheOthers() {
        List<int[]> train = new ArrayList<>();
        Random r = new Random(21);
        for (int s = 0; s < 60; s++) {
            train.add(new int[]{r.nextInt(30), r.nextInt(30), r.nextInt(30)}); // items 30..49 never clicked
        }
        LstmTrainingConfig config = new LstmTrainingConfig(16, 24, 1, 32, 0.02, 10, 0.75, 3L, 0.0, 10);
        Random replay = new Random(3);
        float[] random = LstmTrainer.Graph.build(ITEMS, config, train, replay).emb.clone();
        float[] expected = random.clone();
        int written = CooccurrenceEmbedding.overwrite(train, ITEMS, 16, 0.1, replay, expected);

        float[] started = LstmTrainer.Graph.build(ITEMS, config.withCooccurrenceInit(0.1), train, new Random(3)).emb;

        assertThat(written).isEqualTo(30);
        assertThat(started).containsExactly(expected);
        assertThat(Arrays.copyOfRange(started, 30 * 16, ITEMS * 16))
                .containsExactly(Arrays.copyOfRange(random, 30 * 16, ITEMS * 16));
        assertThat(Arrays.copyOfRange(started, 0, 30 * 16)).isNotEqualTo(Arrays.copyOfRange(random, 0, 30 * 16));
    }

    /** Share of prefixes start, start+1, start+2 (lengths 1-3) whose best next item is the successor. */
    private static double successorHitRate(SessionScorer scorer) {
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
        return (double) hits / total;
    }

    @Test
    void shouldReturnTheBestValidationEpochAndStopAfterPatienceEpochsWithoutImprovement() {
        List<int[]> validation = successorSessions(40, 2);
        // Learning rate high enough that validation Recall@20 stops improving within 30 epochs.
        LstmTrainingConfig config = new LstmTrainingConfig(16, 24, 30, 32, 0.05, 10, 0.75, 3L, 0.0, 10, 0, 0, 2, false, 0);
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

    @Test
    void shouldFitARepeatHeadOnTheValidationSessionsThatFindsTheReturnTheNetworkCannot() {
        // Sessions a, b, c, a of random distinct items: only "a again" after c is predictable, and only
        // from the session itself, since a is a different random item in every session.
        int items = 200;
        List<int[]> train = returnSessions(items, 600, new Random(11));
        List<int[]> validation = returnSessions(items, 100, new Random(13));
        LstmTrainingConfig config = new LstmTrainingConfig(16, 24, 8, 32, 0.02, 20, 0.75, 3L, 0.0, 10, 0, 0, 0, true, 0);
        LstmTrainer.Result result = LstmTrainer.train(TestWeights.vocabulary(items), train, validation, config, null);
        LstmTrainer.Result without = LstmTrainer.train(TestWeights.vocabulary(items), train, validation,
                config.withRepeatHead(false), null);

        RepeatHead head = result.model().repeatHead();
        assertThat(result.repeatFit().head()).isEqualTo(head);
        assertThat(result.repeatFit().predictions()).isEqualTo(300);
        assertThat(head.recency()[2]).isGreaterThan(Math.max(head.recency()[0], head.recency()[1]));
        assertThat(returnsToFirst(result.model(), items, new Random(12))).isGreaterThanOrEqualTo(0.9);
        assertThat(without.repeatFit()).isNull();
        assertThat(without.model().repeatHead().isNone()).isTrue();
        assertThat(returnsToFirst(without.model(), items, new Random(12))).isLessThan(0.5);
    }

    private static List<int[]> returnSessions(int items, int count, Random r) {
        List<int[]> sessions = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            int a = r.nextInt(items);
            int b = (a + 1 + r.nextInt(items - 1)) % items;
            int c;
            do {
                c = r.nextInt(items);
            } while (c == a || c == b);
            sessions.add(new int[]{a, b, c, a});
        }
        return sessions;
    }

    /** Share of fresh sessions a, b, c whose best next item is a. */
    static double returnsToFirst(SessionScorer scorer, int items, Random r) {
        float[] scores = new float[items];
        int hits = 0;
        for (int s = 0; s < 100; s++) {
            int[] prefix = {r.nextInt(items), 0, 0};
            prefix[1] = (prefix[0] + 1 + r.nextInt(items - 1)) % items;
            do {
                prefix[2] = r.nextInt(items);
            } while (prefix[2] == prefix[0] || prefix[2] == prefix[1]);
            scorer.score(prefix, 3, scores);
            int best = 0;
            for (int j = 1; j < items; j++) {
                if (scores[j] > scores[best]) {
                    best = j;
                }
            }
            hits += best == prefix[0] ? 1 : 0;
        }
        return hits / 100.0;
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
