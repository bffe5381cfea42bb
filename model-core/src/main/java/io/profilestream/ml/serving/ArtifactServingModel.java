package io.profilestream.ml.serving;

import io.profilestream.ml.NextItemModel;
import io.profilestream.ml.artifact.ModelArtifact;
import io.profilestream.ml.artifact.ModelMetadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A {@link ServingModel} over a loaded {@link ModelArtifact}: LSTM retrieval by exact scoring,
 * no re-ranking (path {@code lstm}).
 */
public class ArtifactServingModel implements ServingModel {

    private final ModelArtifact artifact;

    /** Wraps an artifact that {@link ModelArtifact#load} has validated. */
    public ArtifactServingModel(ModelArtifact artifact) {
        this.artifact = artifact;
    }

    /** The loaded artifact (directory, DL4J reference network, ranker). */
    public ModelArtifact artifact() {
        return artifact;
    }

    @Override
    public String version() {
        return artifact.metadata().modelVersion();
    }

    @Override
    public ModelMetadata metadata() {
        return artifact.metadata();
    }

    @Override
    public NextItemModel lstm() {
        return artifact.lstm();
    }

    @Override
    public Recommendations recommend(Query q) {
        NextItemModel m = lstm();
        float[] scores = new float[m.vocabulary().size()];
        m.scores(q.state(), scores);
        Set<String> excluded = q.excluded();
        int[] order = IntStream.range(0, scores.length)
                .filter(i -> !excluded.contains(m.vocabulary().id(i)))
                .boxed()
                .sorted((a, b) -> a.equals(b) ? 0 : Float.compare(scores[b], scores[a]) != 0
                        ? Float.compare(scores[b], scores[a]) : Integer.compare(a, b))
                .limit(q.k())
                .mapToInt(Integer::intValue)
                .toArray();
        List<Scored> items = new ArrayList<>(order.length);
        for (int i : order) {
            items.add(new Scored(m.vocabulary().id(i), scores[i], Map.of("lstm_score", (double) scores[i])));
        }
        return new Recommendations(version(), "lstm", items);
    }

    /** The artifact's ranker presence, for callers choosing a path. */
    public boolean hasRanker() {
        return artifact.ranker().isPresent();
    }

    /** Convenience for {@link Optional}-returning lookups in subclasses. */
    protected Optional<Integer> indexOf(String itemId) {
        return lstm().vocabulary().indexOf(itemId);
    }
}
