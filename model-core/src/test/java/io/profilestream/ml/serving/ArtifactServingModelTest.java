package io.profilestream.ml.serving;

import io.profilestream.ml.ItemStats;
import io.profilestream.ml.NextItemModel.State;
import io.profilestream.ml.artifact.ModelArtifact;
import io.profilestream.ml.lstm.LstmNextItemModel;
import io.profilestream.ml.lstm.RepeatHead;
import io.profilestream.ml.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ArtifactServingModelTest {

    private static final int ITEMS = 40;
    private static final List<String> SESSION = List.of("item-3", "item-7", "item-7", "item-19", "unknown-item");
    private static final int[] PREFIX = {3, 7, 7, 19};

    @TempDir
    Path models;

    @Test
    void shouldServeTheLstmPathInTheOfflineModelsOrderWithTheRepeatTermForSessionItems() throws IOException {
        RepeatHead head = new RepeatHead(0.75f, new float[]{4f, 3f, 2f, 1f, 0.5f, 0.25f, 0.125f, 0f});
        ArtifactServingModel serving = serving("r1", head);
        State state = serving.replay(SESSION);

        ServingModel.Recommendations r = serving.recommend(new ServingModel.Query(state, SESSION, 6, Set.of()));

        List<Integer> offline = offlineOrder(serving.artifact().lstm());
        assertThat(r.path()).isEqualTo(ArtifactServingModel.PATH_LSTM);
        assertThat(ids(r)).containsExactlyElementsOf(offline.subList(0, 6).stream().map(i -> "item-" + i).toList());
        assertThat(r.stablePrefix()).isEqualTo(6);
        float[] scores = new float[ITEMS];
        serving.artifact().lstm().score(PREFIX, PREFIX.length, scores);
        for (ServingModel.Scored s : r.items()) {
            int i = Integer.parseInt(s.itemId().substring("item-".length()));
            assertThat(s.score()).as(s.itemId()).isEqualTo((double) scores[i]);
            boolean inSession = i == 3 || i == 7 || i == 19;
            assertThat(s.parts().get(ArtifactServingModel.REPEAT_SCORE)).as(s.itemId())
                    .isEqualTo(inSession ? (double) head.term(i == 19 ? 0 : i == 7 ? 1 : 3) : 0.0);
        }
        // The head moves the last click (item 19, distance 0) to the top, where the network alone does not put it.
        assertThat(serving.retriever().top(state.h(), 1, i -> false)[0]).isNotEqualTo(19);
        assertThat(ids(r).get(0)).isEqualTo("item-19");
    }

    @Test
    void shouldDropExcludedItemsFromTheSameOrder() throws IOException {
        RepeatHead head = new RepeatHead(1.5f, new float[]{4f, 3f, 2f, 1f, 0.5f, 0.25f, 0.125f, 0f});
        ArtifactServingModel serving = serving("r2", head);
        State state = serving.replay(SESSION);

        ServingModel.Recommendations r = serving.recommend(
                new ServingModel.Query(state, SESSION, 5, Set.of("item-19", "item-0")));

        List<String> expected = offlineOrder(serving.artifact().lstm()).stream().filter(i -> i != 19 && i != 0)
                .limit(5).map(i -> "item-" + i).toList();
        assertThat(ids(r)).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldServeTheRetrieversOrderWithOnlyTheNetworkScoreWithoutRepeatHead() throws IOException {
        ArtifactServingModel serving = serving("r3", RepeatHead.none());
        State state = serving.replay(SESSION);

        ServingModel.Recommendations r = serving.recommend(new ServingModel.Query(state, SESSION, 4, Set.of()));

        int[] retrieved = serving.retriever().top(state.h(), 4, i -> false);
        assertThat(ids(r)).containsExactlyElementsOf(IntStream.of(retrieved).mapToObj(i -> "item-" + i).toList());
        assertThat(r.items()).allSatisfy(s -> assertThat(s.parts().keySet()).containsExactly(ArtifactServingModel.LSTM_SCORE));
    }

    private ArtifactServingModel serving(String version, RepeatHead head) throws IOException {
        LstmNextItemModel lstm = new LstmNextItemModel(TestModels.vocabulary(ITEMS),
                TestModels.randomWeights(ITEMS, 4, 6, 21L), head);
        Path dir = ModelArtifact.export(models, new ModelArtifact.Export(version, "test", lstm, null, null, null,
                List.of(), null, ItemStats.empty(ITEMS), null, Map.of()));
        return new ArtifactServingModel(ModelArtifact.load(dir));
    }

    /** Every item by the offline model's score of the known session clicks, best first, lower index on ties. */
    private static List<Integer> offlineOrder(LstmNextItemModel lstm) {
        float[] scores = new float[ITEMS];
        lstm.score(PREFIX, PREFIX.length, scores);
        List<Integer> order = new ArrayList<>(IntStream.range(0, ITEMS).boxed().toList());
        order.sort(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i));
        return order;
    }

    private static List<String> ids(ServingModel.Recommendations r) {
        return r.items().stream().map(ServingModel.Scored::itemId).toList();
    }
}
