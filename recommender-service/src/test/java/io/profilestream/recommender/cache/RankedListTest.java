package io.profilestream.recommender.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.ml.serving.ServingModel;
import io.profilestream.ml.serving.ServingModels;
import io.profilestream.ml.testing.TestModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RankedListTest {

    @TempDir
    Path models;

    static List<ServingModel.Scored> items(RankedList list) {
        return IntStream.range(0, list.size()).mapToObj(list::item).toList();
    }

    @Test
    void shouldKeepEveryItemOfAnLstmRankingExactlyAsTheModelListedIt() throws IOException {
        ServingModel model = RankedLists.lstmModel(models);
        ServingModel.Recommendations ranked = RankedLists.rank(model, 30, Set.of("item-1"));

        RankedList list = RankedList.of(ranked, Set.of("item-1")).orElseThrow();

        assertThat(list.path()).isEqualTo("lstm");
        assertThat(list.modelVersion()).isEqualTo("v1");
        assertThat(list.size()).isEqualTo(30);
        assertThat(list.exactItems()).isEqualTo(30);
        assertThat(items(list)).isEqualTo(ranked.items());
    }

    @Test
    void shouldKeepAnLstmRankingWhoseModelHasARepeatHeadWithBothPartsOnEveryItem() throws IOException {
        ServingModel model = ServingModels.load(TestModels.exportRandom(models, "r1", 40, 8, 16, 1L,
                TestModels.repeatHead()));
        ServingModel.Recommendations ranked = RankedLists.rank(model, 30, Set.of());

        RankedList list = RankedList.of(ranked, Set.of()).orElseThrow();

        assertThat(list.exactItems()).isEqualTo(30);
        assertThat(items(list)).isEqualTo(ranked.items());
        assertThat(items(list)).allSatisfy(i -> assertThat(i.parts()).containsOnlyKeys("lstm_score", "repeat_score"));
        assertThat(items(list)).filteredOn(i -> RankedLists.SESSION.contains(i.itemId())).hasSize(3)
                .allSatisfy(i -> assertThat(i.parts().get("repeat_score")).isNotEqualTo(0.0));
    }

    @Test
    void shouldTrustExactlyTheCandidatesTheHybridListedBeforeItsBackFill() throws IOException {
        ServingModel model = RankedLists.hybridModel(models);
        Set<String> excluded = Set.of("item-1", "item-2", "not-in-the-model");
        ServingModel.Recommendations ranked = RankedLists.rank(model, 30, excluded);

        RankedList list = RankedList.of(ranked, excluded).orElseThrow();

        // A candidate is in the LSTM's or V-SKNN's top N (rank N + 1 means outside it); the
        // back-filled items after the candidates are in neither.
        int n = TestModels.HYBRID_CANDIDATES;
        List<Boolean> candidate = ranked.items().stream()
                .map(s -> s.parts().get("lstm_rank") <= n || s.parts().get("vsknn_rank") <= n).toList();
        int listed = candidate.indexOf(false);
        assertThat(candidate.subList(listed, candidate.size())).containsOnly(false);
        assertThat(listed).isGreaterThan(n - excluded.size() + 1);
        assertThat(list.path()).isEqualTo("lstm+mlp");
        assertThat(list.size()).isEqualTo(30);
        assertThat(list.exactItems()).isEqualTo(listed);
        assertThat(items(list)).isEqualTo(ranked.items());
    }

    @Test
    void shouldGiveEachItemsScoreAndPartsInNameOrderAsItemDoes() throws IOException {
        ServingModel model = RankedLists.hybridModel(models);
        ServingModel.Recommendations ranked = RankedLists.rank(model, 30, Set.of());

        RankedList list = RankedList.of(ranked, Set.of()).orElseThrow();

        List<String> names = IntStream.range(0, list.partCount()).mapToObj(list::partName).toList();
        assertThat(names).hasSize(11).isSorted().containsExactlyInAnyOrderElementsOf(ranked.items().get(0).parts().keySet());
        for (int i = 0; i < list.size(); i++) {
            ServingModel.Scored item = list.item(i);
            assertThat(list.score(i)).isEqualTo(item.score()).isEqualTo(ranked.items().get(i).score());
            for (int p = 0; p < list.partCount(); p++) {
                assertThat(list.part(i, p)).isEqualTo(item.parts().get(names.get(p)));
            }
        }
    }

    @Test
    void shouldServeOnlyRequestsThatExcludeEverythingItWasComputedWithout() throws IOException {
        ServingModel model = RankedLists.lstmModel(models);
        RankedList list = RankedList.of(RankedLists.rank(model, 10, Set.of("item-1", "item-2")),
                Set.of("item-1", "item-2")).orElseThrow();

        assertThat(list.servesWithout(Set.of("item-1", "item-2"))).isTrue();
        assertThat(list.servesWithout(Set.of("item-1", "item-2", "item-9"))).isTrue();
        assertThat(list.servesWithout(Set.of("item-1"))).isFalse();
        assertThat(list.servesWithout(Set.of())).isFalse();
    }

    @Test
    void shouldNotCacheAnEmptyRanking() {
        assertThat(RankedList.of(new ServingModel.Recommendations("v1", "lstm", List.of()), Set.of())).isEmpty();
    }

    @Test
    void shouldNotCacheARankingWhoseModelPromisesNoStablePrefix() throws IOException {
        ServingModel model = RankedLists.lstmModel(models);
        ServingModel.Recommendations ranked = RankedLists.rank(model, 5, Set.of());

        assertThat(RankedList.of(new ServingModel.Recommendations("v1", "two-tower", ranked.items()), Set.of()))
                .isEmpty();
    }

    @Test
    void shouldNotCacheScoresAFloatCannotHoldExactly() {
        ServingModel.Recommendations ranked = new ServingModel.Recommendations("v1", "lstm",
                List.of(new ServingModel.Scored("item-1", 0.1, java.util.Map.of("lstm_score", 0.1))), 1);

        assertThat(RankedList.of(ranked, Set.of())).isEmpty();
    }
}
