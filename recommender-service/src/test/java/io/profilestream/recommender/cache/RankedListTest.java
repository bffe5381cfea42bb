package io.profilestream.recommender.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.ml.serving.ServingModel;
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

        RankedList list = RankedList.of(model, ranked, Set.of("item-1")).orElseThrow();

        assertThat(list.path()).isEqualTo("lstm");
        assertThat(list.modelVersion()).isEqualTo("v1");
        assertThat(list.size()).isEqualTo(30);
        assertThat(list.exactItems()).isEqualTo(30);
        assertThat(items(list)).isEqualTo(ranked.items());
    }

    @Test
    void shouldTrustOnlyTheHybridsCandidatesLessTheExcludedItemsItKnows() throws IOException {
        ServingModel model = RankedLists.hybridModel(models);
        Set<String> excluded = Set.of("item-1", "item-2", "not-in-the-model");
        ServingModel.Recommendations ranked = RankedLists.rank(model, 30, excluded);

        RankedList list = RankedList.of(model, ranked, excluded).orElseThrow();

        assertThat(list.path()).isEqualTo("lstm+mlp");
        assertThat(list.size()).isEqualTo(30);
        assertThat(list.exactItems()).isEqualTo(TestModels.HYBRID_CANDIDATES - 2);
        assertThat(items(list)).isEqualTo(ranked.items());
    }

    @Test
    void shouldNotCacheAnEmptyRanking() throws IOException {
        ServingModel model = RankedLists.lstmModel(models);

        assertThat(RankedList.of(model, new ServingModel.Recommendations("v1", "lstm", List.of()), Set.of())).isEmpty();
    }

    @Test
    void shouldNotCacheARankingFromAPathItKnowsNothingAbout() throws IOException {
        ServingModel model = RankedLists.lstmModel(models);
        ServingModel.Recommendations ranked = RankedLists.rank(model, 5, Set.of());

        assertThat(RankedList.of(model, new ServingModel.Recommendations("v1", "two-tower", ranked.items()), Set.of()))
                .isEmpty();
    }

    @Test
    void shouldNotCacheScoresAFloatCannotHoldExactly() throws IOException {
        ServingModel model = RankedLists.lstmModel(models);
        ServingModel.Recommendations ranked = new ServingModel.Recommendations("v1", "lstm",
                List.of(new ServingModel.Scored("item-1", 0.1, java.util.Map.of("lstm_score", 0.1))));

        assertThat(RankedList.of(model, ranked, Set.of())).isEmpty();
    }
}
