package io.profilestream.ml.serving;

import io.profilestream.ml.ItemVocabulary;
import io.profilestream.ml.NextItemModel;
import io.profilestream.ml.artifact.ModelArtifact;
import io.profilestream.ml.artifact.ModelMetadata;
import io.profilestream.ml.lstm.LstmStep;
import io.profilestream.ml.lstm.LstmWeights;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * A {@link ServingModel} over a loaded {@link ModelArtifact} that recommends by LSTM retrieval
 * alone (path {@value #PATH_LSTM}): the {@link ItemRetriever}'s top-k for the profile vector, minus
 * the excluded items. {@link HybridServingModel} adds the MLP re-rank.
 */
public class ArtifactServingModel implements ServingModel {

    /** {@link Recommendations#path()} of LSTM-order answers. */
    public static final String PATH_LSTM = "lstm";
    /** The score part every LSTM-path item carries. */
    public static final String LSTM_SCORE = "lstm_score";

    private final ModelArtifact artifact;
    private final ItemRetriever retriever;

    /** Wraps an artifact that {@link ModelArtifact#load} has validated, with exact retrieval. */
    public ArtifactServingModel(ModelArtifact artifact) {
        this(artifact, new ExactRetriever(artifact.lstm().weights()));
    }

    /** Wraps a validated artifact with a retriever built over its LSTM's item vectors. */
    public ArtifactServingModel(ModelArtifact artifact, ItemRetriever retriever) {
        this.artifact = artifact;
        this.retriever = retriever;
    }

    /** The loaded artifact (directory, DL4J reference network, ranker). */
    public ModelArtifact artifact() {
        return artifact;
    }

    /** The candidate retriever (e.g. {@code exact} or {@code hnsw}). */
    public ItemRetriever retriever() {
        return retriever;
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
        return recommendByLstm(q);
    }

    /** The artifact's ranker presence, for callers choosing a path. */
    public boolean hasRanker() {
        return artifact.ranker().isPresent();
    }

    /**
     * The retriever's top-k for {@code q.state().h()} without the excluded items, in retrieval
     * order. All of it is a stable prefix: retrieval orders the whole catalogue by the state's
     * scores alone, and exclusions only remove items from that order (exactly so with exact
     * retrieval; the approximate retrievers search deeper for a larger k, which only brings them
     * closer to that order).
     */
    protected Recommendations recommendByLstm(Query q) {
        float[] h = q.state().h();
        LstmWeights w = artifact.lstm().weights();
        int[] top = retriever.top(h, q.k(), excludedIndexes(q.excluded()));
        List<Scored> items = new ArrayList<>(top.length);
        ItemVocabulary vocabulary = artifact.lstm().vocabulary();
        for (int i : top) {
            double s = LstmStep.score(w, h, i);
            items.add(new Scored(vocabulary.id(i), s, Map.of(LSTM_SCORE, s)));
        }
        return new Recommendations(version(), PATH_LSTM, items, items.size());
    }

    /** The vocabulary indexes of {@code excluded} as a predicate (unknown ids are ignored). */
    protected IntPredicate excludedIndexes(Set<String> excluded) {
        if (excluded.isEmpty()) {
            return i -> false;
        }
        ItemVocabulary vocabulary = artifact.lstm().vocabulary();
        int[] sorted = excluded.stream().map(vocabulary::indexOf).filter(java.util.Optional::isPresent)
                .mapToInt(java.util.Optional::get).sorted().toArray();
        return i -> Arrays.binarySearch(sorted, i) >= 0;
    }
}
