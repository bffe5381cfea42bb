package io.profilestream.ml.serving;

import io.profilestream.ml.ItemVocabulary;
import io.profilestream.ml.hybrid.HybridFeatures;
import io.profilestream.ml.hybrid.HybridRanker;
import io.profilestream.ml.knn.TrainingSessions;
import io.profilestream.ml.serving.ServingModel.Query;
import io.profilestream.ml.serving.ServingModel.Recommendations;
import io.profilestream.ml.serving.ServingModel.Scored;
import io.profilestream.ml.testing.TestModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class HybridServingModelTest {

    private static final int ITEMS = 60;
    private static final int K = 8;

    @TempDir
    static Path models;

    static HybridServingModel model;
    static HybridRanker offline;
    static ItemVocabulary vocabulary;
    static List<List<String>> sessions = new ArrayList<>();

    @BeforeAll
    static void exportAndLoad() throws Exception {
        model = ServingModels.load(TestModels.exportHybrid(models, "h1", ITEMS, 8, 8, 21L));
        offline = model.artifact().hybridRanker().orElseThrow();
        vocabulary = model.lstm().vocabulary();
        TrainingSessions training = TestModels.patternSessions(ITEMS, 300, 21L);
        for (int s : new int[]{0, 17, 150, 299}) {
            sessions.add(ids(training.session(s)));
        }
        sessions.add(List.of("item-3"));
        sessions.add(List.of("item-3", "item-40", "item-3", "item-41", "item-3"));
        sessions.add(List.of("item-59", "item-0", "item-1", "item-2", "item-7", "item-9", "item-33"));
    }

    @Test
    void shouldRankLikeTheOfflineHybridScorerForTheSameSession() {
        for (List<String> session : sessions) {
            Recommendations online = model.recommend(new Query(model.replay(session), session, K, Set.of()));

            assertThat(online.path()).isEqualTo("lstm+mlp");
            assertThat(online.modelVersion()).isEqualTo("h1");
            assertThat(online.items()).extracting(Scored::itemId).as("session %s", session)
                    .containsExactlyElementsOf(offlineTop(session, K));
            assertThat(online.items()).extracting(Scored::score)
                    .containsExactlyElementsOf(offlineScores(session, offlineTop(session, K)));
        }
    }

    @Test
    void shouldExplainEachItemWithTheOfflineFeatureValuesAndTheMlpScore() {
        List<String> session = sessions.get(5); // item-3 item-40 item-3 item-41 item-3
        Scored first = model.recommend(new Query(model.replay(session), session, K, Set.of())).items().get(0);

        List<String> expectedParts = new ArrayList<>(HybridFeatures.names(true));
        expectedParts.add("mlp_score");
        assertThat(first.parts()).containsOnlyKeys(expectedParts);
        assertThat(first.parts()).containsEntry("session_length", 5.0).containsEntry("mlp_score", first.score());
        int item = vocabulary.indexOf(first.itemId()).orElseThrow();
        int[] prefix = indexes(session);
        float[] vector = offline.features().vector(offline.signals().compute(prefix, prefix.length), item,
                offline.signals().logPopularity(), offline.signals().categories(), offline.signals().topN());
        for (int f = 0; f < vector.length; f++) {
            assertThat(first.parts()).containsEntry(HybridFeatures.names(true).get(f), (double) vector[f]);
        }
    }

    @Test
    void shouldNeverReturnExcludedItemsAndKeepTheOfflineOrderOfTheRest() {
        for (List<String> session : sessions) {
            List<String> top = offlineTop(session, K + 2);
            Set<String> excluded = Set.of(top.get(0), top.get(3), "not-in-the-vocabulary");

            Recommendations online = model.recommend(new Query(model.replay(session), session, K, excluded));

            List<String> expected = new ArrayList<>(top);
            expected.removeAll(excluded);
            assertThat(online.items()).extracting(Scored::itemId).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void shouldCallTheCandidatesItListsItsStablePrefixAndKeepTheirOrderUnderMoreExclusions() {
        for (List<String> session : sessions) {
            List<String> candidates = offlineTop(session, ITEMS);
            Set<String> excluded = Set.of(candidates.get(1), "not-in-the-vocabulary");

            Recommendations deep = model.recommend(new Query(model.replay(session), session, 30, excluded));
            Set<String> more = Set.of(candidates.get(1), deep.items().get(0).itemId(), deep.items().get(2).itemId());
            Recommendations narrower = model.recommend(new Query(model.replay(session), session, 30, more));

            assertThat(deep.stablePrefix()).isEqualTo(Math.min(30, candidates.size() - 1));
            List<String> stable = new ArrayList<>(deep.items().subList(0, deep.stablePrefix()).stream()
                    .map(Scored::itemId).toList());
            stable.removeAll(more);
            assertThat(narrower.stablePrefix()).isEqualTo(stable.size());
            assertThat(narrower.items().subList(0, stable.size())).extracting(Scored::itemId)
                    .containsExactlyElementsOf(stable);
        }
    }

    @Test
    void shouldCallEveryItemOfTheLstmOrderStable() {
        List<String> unknown = List.of("new-item");

        Recommendations online = model.recommend(new Query(model.replay(List.of("item-4", "item-5")), unknown, 5,
                Set.of("item-0")));

        assertThat(online.path()).isEqualTo("lstm");
        assertThat(online.stablePrefix()).isEqualTo(5);
    }

    @Test
    void shouldStillReturnKItemsWhenEveryCandidateIsExcluded() {
        List<String> session = sessions.get(1);
        Set<String> excluded = Set.copyOf(offlineTop(session, ITEMS));

        Recommendations online = model.recommend(new Query(model.replay(session), session, K, excluded));

        assertThat(online.path()).isEqualTo("lstm+mlp");
        assertThat(online.items()).hasSize(K);
        assertThat(online.items()).extracting(Scored::itemId).doesNotContainAnyElementsOf(excluded);
        // Items beyond the candidate set are outside the LSTM top-N: rank N + 1, as offline.
        assertThat(online.items()).allSatisfy(s -> assertThat(s.parts())
                .containsEntry("lstm_rank", (double) TestModels.HYBRID_CANDIDATES + 1));
    }

    @Test
    void shouldSkipSessionItemsOutsideTheVocabulary() {
        List<String> session = sessions.get(6);
        List<String> withUnknown = new ArrayList<>(session);
        withUnknown.add(2, "new-item");
        withUnknown.add("another-new-item");

        Recommendations online = model.recommend(new Query(model.replay(withUnknown), withUnknown, K, Set.of()));

        assertThat(online.items()).extracting(Scored::itemId).containsExactlyElementsOf(offlineTop(session, K));
    }

    @Test
    void shouldServeInLstmOrderWhenNoSessionItemIsKnown() {
        List<String> unknown = List.of("new-item");
        float[] h = model.replay(List.of("item-4", "item-5")).h();

        Recommendations online = model.recommend(new Query(model.replay(List.of("item-4", "item-5")), unknown, 5,
                Set.of("item-0")));

        assertThat(online.path()).isEqualTo("lstm");
        assertThat(online.items()).extracting(Scored::itemId).containsExactlyElementsOf(
                Arrays.stream(new ExactRetriever(model.artifact().lstm().weights()).top(h, 5, i -> i == 0))
                        .mapToObj(vocabulary::id).toList());
    }

    @Test
    void shouldServeInLstmOrderWithoutRanker(@TempDir Path dir) throws Exception {
        ExactRetriever retriever = new ExactRetriever(TestModels.randomWeights(30, 4, 5, 8L));
        HybridServingModel plain = ServingModels.load(TestModels.exportRandom(dir, "p1", 30, 4, 5, 8L), w -> retriever);
        List<String> session = List.of("item-1", "item-2");
        float[] h = plain.replay(session).h();
        float[] all = new float[30];
        plain.lstm().scores(plain.replay(session), all);

        Recommendations r = plain.recommend(new Query(plain.replay(session), session, 4, Set.of("item-2")));

        assertThat(plain.retriever()).isSameAs(retriever);
        assertThat(plain.hasRanker()).isFalse();
        assertThat(r.path()).isEqualTo("lstm");
        assertThat(r.modelVersion()).isEqualTo("p1");
        int[] expected = retriever.top(h, 4, i -> i == 2);
        assertThat(r.items()).extracting(Scored::itemId)
                .containsExactlyElementsOf(Arrays.stream(expected).mapToObj(i -> "item-" + i).toList());
        assertThat(r.items().get(0).score()).isEqualTo((double) all[expected[0]]);
        assertThat(r.items().get(0).parts()).containsExactlyEntriesOf(java.util.Map.of("lstm_score", (double) all[expected[0]]));
    }

    /** The offline scorer's best {@code k} items (score descending, lower index first on ties, candidates only). */
    private static List<String> offlineTop(List<String> session, int k) {
        int[] prefix = indexes(session);
        float[] out = new float[ITEMS];
        offline.score(prefix, prefix.length, out);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            if (out[i] != Float.NEGATIVE_INFINITY) {
                order.add(i);
            }
        }
        order.sort((a, b) -> out[a] != out[b] ? Float.compare(out[b], out[a]) : Integer.compare(a, b));
        return order.subList(0, Math.min(k, order.size())).stream().map(vocabulary::id).toList();
    }

    private static List<Double> offlineScores(List<String> session, List<String> items) {
        int[] prefix = indexes(session);
        float[] out = new float[ITEMS];
        offline.score(prefix, prefix.length, out);
        return items.stream().map(id -> (double) out[vocabulary.indexOf(id).orElseThrow()]).toList();
    }

    private static int[] indexes(List<String> session) {
        return session.stream().map(vocabulary::indexOf).filter(java.util.Optional::isPresent)
                .mapToInt(java.util.Optional::get).toArray();
    }

    private static List<String> ids(int[] session) {
        return Arrays.stream(session).mapToObj(i -> "item-" + i).toList();
    }
}
