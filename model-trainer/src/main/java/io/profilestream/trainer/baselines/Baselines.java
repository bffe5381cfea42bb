package io.profilestream.trainer.baselines;

import io.profilestream.ml.SessionScorer;
import io.profilestream.ml.knn.ItemKnn;
import io.profilestream.ml.knn.VSkNN;
import io.profilestream.trainer.eval.ScorerFactory;
import io.profilestream.trainer.eval.TrainingData;
import java.util.List;
import java.util.function.Function;

/** The baselines every evaluation reports, as {@link ScorerFactory}s. */
public final class Baselines {

    private Baselines() {
    }

    /** Popularity, item-kNN and V-SKNN, in that order. */
    public static List<ScorerFactory> factories(ItemKnn.Settings itemKnn, VSkNN.Settings vsknn) {
        return List.of(
                factory(Popularity.NAME, Popularity::new),
                factory(ItemKnn.NAME, t -> new ItemKnn(t.sessionsByRecency(), itemKnn)),
                factory(VSkNN.NAME, t -> new VSkNN(t.sessionsByRecency(), vsknn)));
    }

    private static ScorerFactory factory(String name, Function<TrainingData, SessionScorer> create) {
        return new ScorerFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public SessionScorer create(TrainingData training) {
                return create.apply(training);
            }
        };
    }
}
