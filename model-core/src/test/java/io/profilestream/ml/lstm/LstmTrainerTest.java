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
        float[] random = LstmTrainer.Graph.build(ITEMS, config, train, replay).rows.emb.clone();
        float[] expected = random.clone();
        int written = CooccurrenceEmbedding.overwrite(train, ITEMS, 16, 0.1, replay, expected);

        float[] started = LstmTrainer.Graph.build(ITEMS, config.withCooccurrenceInit(0.1), train, new Random(3)).rows.emb;

        assertThat(written).isEqualTo(30);
        assertThat(started).containsExactly(expected);
        assertThat(Arrays.copyOfRange(started, 30 * 16, ITEMS * 16))
                .containsExactly(Arrays.copyOfRange(random, 30 * 16, ITEMS * 16));
        assertThat(Arrays.copyOfRange(started, 0, 30 * 16)).isNotEqualTo(Arrays.copyOfRange(random, 0, 30 * 16));
    }

    @Test
    void shouldRankTheNextCategoryForItemsNeverClickedInTraining() {
        // 8 categories of 10 items; an item of category c is always followed by one of category c+1.
        // Items 8 and 9 of every category are never clicked, so their own rows only ever get a
        // negative's gradient: only a category row can tell the network what follows them.
        int categories = 8;
        int perCategory = 10;
        int items = categories * perCategory;
        int[] category = new int[items];
        for (int i = 0; i < items; i++) {
            category[i] = i / perCategory;
        }
        Random r = new Random(5);
        List<int[]> train = new ArrayList<>();
        for (int s = 0; s < 400; s++) {
            int[] session = new int[4];
            int c = r.nextInt(categories);
            for (int k = 0; k < session.length; k++) {
                session[k] = ((c + k) % categories) * perCategory + r.nextInt(perCategory - 2);
            }
            train.add(session);
        }
        LstmTrainingConfig config = new LstmTrainingConfig(16, 24, 15, 32, 0.02, 20, 0.75, 3L, 0.0, 10);
        ItemVocabulary vocabulary = TestWeights.vocabulary(items);

        LstmNextItemModel with = LstmTrainer.train(vocabulary, train, List.of(), config.withCategoryEmbedding(true),
                category, null).model();
        LstmNextItemModel without = LstmTrainer.train(vocabulary, train, List.of(), config, category, null).model();

        // The top 8, as many as the next category has clicked items; 1/8 is what chance gives. 1.0
        // and 0.078 measured; the bounds leave room for another platform's float rounding.
        assertThat(nextCategoryShare(with, category, perCategory, 8)).isGreaterThanOrEqualTo(0.95);
        assertThat(nextCategoryShare(without, category, perCategory, 8)).isLessThan(0.25);
    }

    @Test
    void shouldTrainTheSameWithTheFlagOffOrWithoutCategoriesAsWithNeither() {
        List<int[]> sessions = successorSessions(100, 1);
        int[] category = new int[ITEMS];
        Arrays.setAll(category, i -> i % 5);
        LstmTrainingConfig config = new LstmTrainingConfig(16, 24, 2, 32, 0.02, 10, 0.75, 3L, 0.0, 10);
        ItemVocabulary vocabulary = TestWeights.vocabulary(ITEMS);

        LstmWeights plain = LstmTrainer.train(vocabulary, sessions, List.of(), config, null).model().weights();
        LstmWeights off = LstmTrainer.train(vocabulary, sessions, List.of(), config, category, null).model().weights();
        LstmWeights none = LstmTrainer.train(vocabulary, sessions, List.of(), config.withCategoryEmbedding(true),
                null, null).model().weights();
        LstmWeights on = LstmTrainer.train(vocabulary, sessions, List.of(), config.withCategoryEmbedding(true),
                category, null).model().weights();

        assertThat(off.embedding()).containsExactly(plain.embedding());
        assertThat(off.outputWeights()).containsExactly(plain.outputWeights());
        assertThat(none.embedding()).containsExactly(plain.embedding());
        assertThat(on.embedding()).isNotEqualTo(plain.embedding());
    }

    @Test
    void shouldFeedAndExportEachItemsOwnRowPlusItsCategorysRow() {
        LstmTrainingConfig config = new LstmTrainingConfig(2, 3, 1, 4, 0.02, 4, 0.75, 3L, 0.0, 10);
        LstmTrainer.Graph g = LstmTrainer.Graph.build(3, config, List.of(new int[]{0, 1}), new Random(1));
        float[] own = g.rows.emb.clone();
        g.useCategories(new int[]{1, -1, 1});
        assertThat(g.effective()).containsExactly(own); // category rows start at zero

        g.rows.categoryEmb[2] = 10f; // category 1, first column
        g.rows.categoryEmb[3] = 20f;
        float[] row = new float[2];
        g.row(2, row, 0);

        assertThat(row).containsExactly(own[4] + 10f, own[5] + 20f);
        assertThat(g.effective()).containsExactly(own[0] + 10f, own[1] + 20f, own[2], own[3], own[4] + 10f, own[5] + 20f);
        assertThat(g.weights().embedding()).containsExactly(g.effective());
    }

    /** Mean share, over the never-clicked items as one-click sessions, of the top {@code top} in the next category. */
    private static double nextCategoryShare(SessionScorer scorer, int[] category, int perCategory, int top) {
        int items = category.length;
        float[] scores = new float[items];
        double share = 0;
        int sessions = 0;
        for (int item = 0; item < items; item++) {
            if (item % perCategory < perCategory - 2) {
                continue;
            }
            scorer.score(new int[]{item}, 1, scores);
            Integer[] order = new Integer[items];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
            int next = (category[item] + 1) % (items / perCategory);
            int in = 0;
            for (int k = 0; k < top; k++) {
                in += category[order[k]] == next ? 1 : 0;
            }
            share += in / (double) top;
            sessions++;
        }
        return share / sessions;
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
        LstmTrainingConfig config = new LstmTrainingConfig(16, 24, 30, 32, 0.05, 10, 0.75, 3L, 0.0, 10, 0, 0, 2, false, 0, false);
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
        LstmTrainingConfig config = new LstmTrainingConfig(16, 24, 8, 32, 0.02, 20, 0.75, 3L, 0.0, 10, 0, 0, 0, true, 0, false);
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
