package io.profilestream.recommender.cache;

import io.profilestream.ml.NextItemModel;
import io.profilestream.ml.serving.ServingModel;
import io.profilestream.ml.serving.ServingModels;
import io.profilestream.ml.testing.TestModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Real rankings for cache tests: from models exported with {@link TestModels}. */
public final class RankedLists {

    /** Session the rankings are computed for. */
    public static final List<String> SESSION = List.of("item-3", "item-7", "item-11");

    private RankedLists() {
    }

    /** The LSTM-order model (no ranker) of 40 items exported into {@code dir} as version {@code v1}. */
    public static ServingModel lstmModel(Path dir) throws IOException {
        return ServingModels.load(TestModels.exportRandom(dir, "v1", 40, 8, 16, 1L));
    }

    /** The hybrid model of 40 items exported into {@code dir} as version {@code h1}. */
    public static ServingModel hybridModel(Path dir) throws IOException {
        return ServingModels.load(TestModels.exportHybrid(dir, "h1", 40, 8, 16, 5L));
    }

    /** {@code model}'s top {@code depth} for {@link #SESSION} without {@code excluded}. */
    public static ServingModel.Recommendations rank(ServingModel model, int depth, Set<String> excluded) {
        NextItemModel.State state = model.replay(SESSION);
        return model.recommend(new ServingModel.Query(state, SESSION, depth, excluded));
    }

    /** A cacheable ranking of the LSTM model exported into {@code dir}. */
    public static RankedList lstmRanking(Path dir) throws IOException {
        ServingModel model = lstmModel(dir);
        return RankedList.of(rank(model, 20, Set.of()), Set.of()).orElseThrow();
    }
}
