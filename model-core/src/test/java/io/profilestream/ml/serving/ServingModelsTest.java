package io.profilestream.ml.serving;

import io.profilestream.ml.NextItemModel.State;
import io.profilestream.ml.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ServingModelsTest {

    @Test
    void shouldStepExactlyLikeTheServingModelWithoutBuildingTheRanker(@TempDir Path models) throws Exception {
        Path dir = TestModels.exportHybrid(models, "h1", 30, 4, 6, 5L);
        HybridServingModel serving = ServingModels.load(dir);
        ArtifactServingModel stepping = ServingModels.loadForStepping(dir);

        List<String> session = List.of("item-3", "item-4", "item-5", "item-29");
        State a = serving.replay(session);
        State b = stepping.replay(session);

        assertThat(stepping).isNotInstanceOf(HybridServingModel.class);
        assertThat(stepping.version()).isEqualTo("h1");
        assertThat(b.h()).containsExactly(a.h());
        assertThat(b.c()).containsExactly(a.c());
        assertThat(stepping.recommend(new ServingModel.Query(b, session, 3, Set.of())).path())
                .isEqualTo(ArtifactServingModel.PATH_LSTM);
    }
}
