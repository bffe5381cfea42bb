package io.profilestream.ml.serving;

import io.profilestream.ml.ItemVocabulary;
import io.profilestream.ml.NextItemModel;
import io.profilestream.ml.artifact.ModelArtifact;
import io.profilestream.ml.artifact.ModelMetadata;
import io.profilestream.ml.lstm.LstmStep;
import io.profilestream.ml.lstm.LstmWeights;
import io.profilestream.ml.lstm.RepeatHead;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * A {@link ServingModel} over a loaded {@link ModelArtifact} that recommends by the LSTM alone
 * (path {@value #PATH_LSTM}): the {@link ItemRetriever}'s top-k for the profile vector, minus the
 * excluded items, with the model's {@link RepeatHead} added for the session's own items, so the
 * order is the offline {@link io.profilestream.ml.lstm.LstmNextItemModel#score} order.
 * {@link HybridServingModel} adds the MLP re-rank.
 */
public class ArtifactServingModel implements ServingModel {

    /** {@link Recommendations#path()} of LSTM-order answers. */
    public static final String PATH_LSTM = "lstm";
    /** The score part every LSTM-path item carries: the network's score of the profile vector (before the head's scale). */
    public static final String LSTM_SCORE = "lstm_score";
    /** The repeat head's term of an LSTM-path item: 0 unless the session holds it; only with a head. */
    public static final String REPEAT_SCORE = "repeat_score";

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
     * The top-k for {@code q.state().h()} without the excluded items: the retriever's order, with
     * the session's own items moved up by their repeat term (an item's score: the network's on the
     * head's positive scale, plus the term). All of it is a stable prefix: the whole catalogue has
     * one order for a state and a session (the retriever's order, with a term for the session's
     * items only), and exclusions only remove items from that order. That is exact with exact
     * retrieval; the approximate retrievers search deeper for a larger k, which only brings them
     * closer to that order. Without a repeat head (or a known session item) this
     * is the retriever's top-k as it is.
     */
    protected Recommendations recommendByLstm(Query q) {
        float[] h = q.state().h();
        LstmWeights w = artifact.lstm().weights();
        IntPredicate excluded = excludedIndexes(q.excluded());
        ItemVocabulary vocabulary = artifact.lstm().vocabulary();
        RepeatHead head = artifact.lstm().repeatHead();
        Map<Integer, Float> repeats = head.isNone() ? Map.of() : repeatTerms(head, q.sessionItems(), excluded);
        // Every session item can outrank retrieved ones: retrieve that many more, so k of the rest remain.
        int[] top = retriever.top(h, q.k() + repeats.size(), excluded);
        Map<Integer, double[]> scored = new HashMap<>();
        for (int i : top) {
            scored.put(i, new double[]{LstmStep.score(w, h, i), 0});
        }
        for (Map.Entry<Integer, Float> r : repeats.entrySet()) {
            scored.put(r.getKey(), new double[]{LstmStep.score(w, h, r.getKey()), r.getValue()});
        }
        List<Map.Entry<Integer, double[]>> order = new ArrayList<>(scored.entrySet());
        order.sort(bestFirst(head));
        List<Scored> items = new ArrayList<>(q.k());
        for (Map.Entry<Integer, double[]> e : order.subList(0, Math.min(q.k(), order.size()))) {
            double[] parts = e.getValue();
            // Every item names the same parts, so a cached list can keep them once (RankedList).
            Map<String, Double> named = head.isNone() ? Map.of(LSTM_SCORE, parts[0])
                    : Map.of(LSTM_SCORE, parts[0], REPEAT_SCORE, parts[1]);
            items.add(new Scored(vocabulary.id(e.getKey()), total(head, parts), named));
        }
        return new Recommendations(version(), PATH_LSTM, items, items.size());
    }

    /** The network score on the head's scale plus the repeat term, in float as {@link RepeatHead#apply} computes it offline. */
    private static float total(RepeatHead head, double[] parts) {
        float network = head.scaled((float) parts[0]);
        float repeat = (float) parts[1];
        return network + repeat;
    }

    /**
     * Higher total first, compared as floats (so −0 and +0 tie, as in the retriever); then the higher
     * network score (the retriever's order, which a scale may round into a tie); then the lower index.
     */
    private static Comparator<Map.Entry<Integer, double[]>> bestFirst(RepeatHead head) {
        return (x, y) -> {
            float tx = total(head, x.getValue());
            float ty = total(head, y.getValue());
            if (tx != ty) {
                return tx > ty ? -1 : 1;
            }
            float nx = (float) x.getValue()[0];
            float ny = (float) y.getValue()[0];
            if (nx != ny) {
                return nx > ny ? -1 : 1;
            }
            return Integer.compare(x.getKey(), y.getKey());
        };
    }

    /**
     * The repeat term of each known, not excluded session item (vocabulary index → term). Unknown
     * items are left out of the session first, as the hybrid path does: training never saw them.
     */
    private Map<Integer, Float> repeatTerms(RepeatHead head, List<String> sessionItems, IntPredicate excluded) {
        ItemVocabulary vocabulary = artifact.lstm().vocabulary();
        int[] prefix = sessionItems.stream().map(vocabulary::indexOf).filter(java.util.Optional::isPresent)
                .mapToInt(java.util.Optional::get).toArray();
        Map<Integer, Float> out = new HashMap<>();
        for (int i = prefix.length - 1; i >= 0; i--) {
            int item = prefix[i];
            if (!excluded.test(item) && !out.containsKey(item)) {
                out.put(item, head.term(prefix.length - 1 - i));
            }
        }
        return out;
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
