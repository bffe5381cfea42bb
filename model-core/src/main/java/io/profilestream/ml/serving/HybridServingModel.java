package io.profilestream.ml.serving;

import io.profilestream.ml.ItemScores;
import io.profilestream.ml.ItemVocabulary;
import io.profilestream.ml.artifact.ModelArtifact;
import io.profilestream.ml.hybrid.HybridRanker;
import io.profilestream.ml.hybrid.PrefixSignals;
import io.profilestream.ml.hybrid.Signals;
import io.profilestream.ml.lstm.LstmStep;
import io.profilestream.ml.lstm.LstmWeights;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * The shipped LSTM+MLP hybrid, online (path {@value #PATH_HYBRID}): candidates = the retriever's
 * LSTM top-N for the profile vector ∪ V-SKNN's top-N for the session's items, each described by
 * the same feature vector as offline ({@link io.profilestream.ml.hybrid.HybridFeatures} over
 * {@link ModelArtifact#hybridRanker()}'s signals) and ranked by the MLP. With the exact retriever
 * the order is the offline {@link HybridRanker}'s order for the same session.
 *
 * <p>Excluded items are removed AFTER the features are computed: the features (e.g. lstm_rank) are
 * then exactly the offline ones, and the listed candidates are the answer's
 * {@link Recommendations#stablePrefix() stable prefix}. When fewer than k candidates remain, further
 * LSTM-retrieved items follow them, ranked by the MLP among themselves (their lstm_rank is N+1, as
 * offline for any item outside the top-N; offline they would all tie at -∞ below the candidates).
 *
 * <p>Falls back to LSTM order (path {@value ArtifactServingModel#PATH_LSTM}) when the artifact has
 * no ranker or no session item is in the vocabulary (the features need a last click).
 *
 * <p>Per request it allocates only candidate-sized arrays: the LSTM scores only the candidates (the
 * retriever does the rest), V-SKNN touches only the neighbour sessions' items. Thread-safe.
 */
public final class HybridServingModel extends ArtifactServingModel {

    /** {@link Recommendations#path()} of re-ranked answers. */
    public static final String PATH_HYBRID = "lstm+mlp";
    /** The score part holding the MLP's output (the final score). */
    public static final String MLP_SCORE = "mlp_score";

    private final HybridRanker hybrid;

    /**
     * Builds the kNN index from the artifact's training sessions now, so the first request does not pay it.
     *
     * @param retriever LSTM candidate retrieval over the artifact's item vectors
     */
    public HybridServingModel(ModelArtifact artifact, ItemRetriever retriever) {
        super(artifact, retriever);
        this.hybrid = artifact.hybridRanker().orElse(null);
    }

    /** The offline scorer this model serves (empty without ranker). */
    public java.util.Optional<HybridRanker> hybridRanker() {
        return java.util.Optional.ofNullable(hybrid);
    }

    @Override
    public Recommendations recommend(Query q) {
        if (hybrid == null) {
            return recommendByLstm(q);
        }
        ItemVocabulary vocabulary = artifact().lstm().vocabulary();
        int[] prefix = knownSessionItems(q.sessionItems());
        if (prefix.length == 0) {
            return recommendByLstm(q);
        }
        float[] h = q.state().h();
        LstmWeights w = artifact().lstm().weights();
        Signals signals = hybrid.signals();
        int topN = signals.topN();
        int[] lstmTop = retriever().top(h, topN, i -> false);
        ItemScores lstmScores = item -> LstmStep.score(w, h, item);
        PrefixSignals s = signals.compute(prefix, prefix.length, lstmScores, lstmTop);

        IntPredicate excluded = excludedIndexes(q.excluded());
        HybridRanker.Ranking r = hybrid.rank(s);
        List<Candidate> kept = keep(r, excluded);
        // The candidates were chosen and their features computed before the exclusions, so more
        // exclusions only remove items from their order: the listed candidates are stable.
        int stable = Math.min(q.k(), kept.size());
        if (kept.size() < q.k()) {
            // Offline, non-candidates rank below every candidate: so do these, in MLP order among themselves.
            int[] extra = backfill(h, r.candidates(), topN + q.k() + q.excluded().size(), q.k() - kept.size(), excluded);
            if (extra.length > 0) {
                kept.addAll(keep(hybrid.rank(s, extra), excluded));
            }
        }
        List<String> names = hybrid.features().names();
        List<Scored> items = new ArrayList<>(Math.min(q.k(), kept.size()));
        for (Candidate c : kept.subList(0, Math.min(q.k(), kept.size()))) {
            Map<String, Double> parts = new HashMap<>(names.size() * 2);
            for (int f = 0; f < names.size(); f++) {
                parts.put(names.get(f), (double) c.features[f]);
            }
            parts.put(MLP_SCORE, (double) c.score);
            items.add(new Scored(vocabulary.id(c.item), c.score, parts));
        }
        return new Recommendations(version(), PATH_HYBRID, items, stable);
    }

    private record Candidate(int item, float score, float[] features) {
    }

    private static final Comparator<Candidate> BEST_FIRST =
            Comparator.comparingDouble((Candidate c) -> -c.score).thenComparingInt(c -> c.item);

    /** The ranked items that are not excluded, best first (equal scores: lower index first). */
    private static List<Candidate> keep(HybridRanker.Ranking r, IntPredicate excluded) {
        List<Candidate> out = new ArrayList<>(r.candidates().length);
        for (int i = 0; i < r.candidates().length; i++) {
            if (!excluded.test(r.candidates()[i])) {
                out.add(new Candidate(r.candidates()[i], r.scores()[i], r.features().get(i)));
            }
        }
        out.sort(BEST_FIRST);
        return out;
    }

    /** Up to {@code want} retrieved items beyond the candidates, neither excluded nor candidates already. */
    private int[] backfill(float[] h, int[] candidates, int retrieve, int want, IntPredicate excluded) {
        int[] sorted = candidates.clone();
        Arrays.sort(sorted);
        int[] more = retriever().top(h, retrieve, i -> excluded.test(i) || Arrays.binarySearch(sorted, i) >= 0);
        return Arrays.copyOf(more, Math.min(want, more.length));
    }
}
