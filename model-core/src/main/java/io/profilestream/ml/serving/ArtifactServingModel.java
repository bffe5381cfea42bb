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
        RepeatHead head = artifact.lstm().repeatHead();
        Map<Integer, Float> repeats = new HashMap<>();
        if (!head.isNone()) {
            int[] session = knownSessionItems(q.sessionItems());
            RepeatHead.forEachNewest(session, session.length, (item, distance) -> {
                if (!excluded.test(item)) {
                    repeats.put(item, head.term(distance));
                }
            });
        }
        // Every session item can outrank retrieved ones: retrieve that many more, so k of the rest remain.
        int[] top = retriever.top(h, q.k() + repeats.size(), excluded);
        List<Candidate> candidates = new ArrayList<>(top.length + repeats.size());
        for (int i : top) {
            if (!repeats.containsKey(i)) {
                candidates.add(new Candidate(i, LstmStep.score(w, h, i), 0f, head));
            }
        }
        repeats.forEach((i, term) -> candidates.add(new Candidate(i, LstmStep.score(w, h, i), term, head)));
        candidates.sort(BEST_FIRST);
        ItemVocabulary vocabulary = artifact.lstm().vocabulary();
        List<Scored> items = new ArrayList<>(q.k());
        for (Candidate c : candidates.subList(0, Math.min(q.k(), candidates.size()))) {
            // Every item names the same parts, so a cached list can keep them once (RankedList).
            Map<String, Double> parts = head.isNone() ? Map.of(LSTM_SCORE, (double) c.network)
                    : Map.of(LSTM_SCORE, (double) c.network, REPEAT_SCORE, (double) c.repeat);
            items.add(new Scored(vocabulary.id(c.item), c.total, parts));
        }
        return new Recommendations(version(), PATH_LSTM, items, items.size());
    }

    /**
     * One LSTM-path item: its network score, its repeat term and their total on the head's scale,
     * summed in float as {@link RepeatHead#apply} computes it offline.
     */
    private record Candidate(int item, float network, float repeat, float total) {
        Candidate(int item, float network, float repeat, RepeatHead head) {
            this(item, network, repeat, head.scaled(network) + repeat);
        }
    }

    /**
     * Higher total first, compared as floats (so −0 and +0 tie, as in the retriever); then the higher
     * network score (the retriever's order, which a scale may round into a tie); then the lower index.
     */
    private static final Comparator<Candidate> BEST_FIRST = (x, y) -> {
        if (x.total != y.total) {
            return x.total > y.total ? -1 : 1;
        }
        if (x.network != y.network) {
            return x.network > y.network ? -1 : 1;
        }
        return Integer.compare(x.item, y.item);
    };

    /**
     * The vocabulary indexes of the session's items in order, unknown items left out (the LSTM's
     * replay skips them too, and training never saw them).
     */
    protected int[] knownSessionItems(List<String> sessionItems) {
        ItemVocabulary vocabulary = artifact.lstm().vocabulary();
        return sessionItems.stream().map(vocabulary::indexOf).filter(java.util.Optional::isPresent)
                .mapToInt(java.util.Optional::get).toArray();
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
