package io.profilestream.recommender.cache;

import io.profilestream.ml.serving.ArtifactServingModel;
import io.profilestream.ml.serving.HybridServingModel;
import io.profilestream.ml.serving.ServingModel;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One model ranking of a user, kept by {@link RankedListCache}: the model's items best first,
 * computed deeper than any request with only the user's own exclusions (purchased items, items
 * shown too often), so the filters that move on (stock, items shown since) can be applied when
 * serving.
 *
 * <p>Only a prefix of the list is guaranteed to be what the model would list for a request
 * with MORE exclusions ({@link #exactItems()}): the model's
 * {@link ServingModel.Recommendations#stablePrefix() stable prefix}, the items it ranked over a set
 * fixed before the exclusions were applied.
 * <ul>
 *   <li>LSTM path ({@value ArtifactServingModel#PATH_LSTM}): the retriever's top-n with the
 *       session's items moved up by the model's repeat head, a fixed order of the whole catalogue
 *       for a state and a session, so the whole list (bit-identical with exact retrieval; with the
 *       approximate retrievers the deeper search is at least as close to exact);</li>
 *   <li>hybrid path ({@value HybridServingModel#PATH_HYBRID}): the MLP ranks the LSTM top-N and
 *       V-SKNN candidates, retrieved without exclusions, so the candidates it lists; past them the
 *       model back-fills items retrieved for the request's own {@code k} and exclusions, which a
 *       deeper list cannot reproduce;</li>
 *   <li>any other model or path: nothing is known (stable prefix 0), so the list is not cached at all.</li>
 * </ul>
 *
 * <p>Compact: score and parts are kept as floats with the part names once per list (about 5 KB
 * for 100 items of the hybrid's 11 parts). A list whose values are not all exactly representable
 * as float is not cached, so nothing is ever served rounded differently from a fresh answer.
 * Immutable.
 */
public final class RankedList {

    private final String modelVersion;
    private final String path;
    private final String[] itemIds;
    private final float[] scores;
    private final String[] partNames;
    private final float[] parts;
    private final int exactItems;
    private final Set<String> computedWithout;

    private RankedList(String modelVersion, String path, String[] itemIds, float[] scores, String[] partNames,
                       float[] parts, int exactItems, Set<String> computedWithout) {
        this.modelVersion = modelVersion;
        this.path = path;
        this.itemIds = itemIds;
        this.scores = scores;
        this.partNames = partNames;
        this.parts = parts;
        this.exactItems = exactItems;
        this.computedWithout = computedWithout;
    }

    /**
     * The cacheable form of {@code ranked}, which the model computed with {@code excluded}
     * (the user's own exclusions: purchased items, items shown too often; never the catalogue's
     * stock, which changes for everyone at once and is filtered at serve time); empty when none of
     * it could be served exactly from a cache (see the class comment) or its values do not fit a
     * float exactly. The list may later serve only requests that exclude at least
     * {@code excluded} ({@link #servesWithout}).
     */
    public static Optional<RankedList> of(ServingModel.Recommendations ranked,
                                          Set<String> excluded) {
        List<ServingModel.Scored> items = ranked.items();
        int exact = ranked.stablePrefix();
        if (exact == 0) {
            return Optional.empty();
        }
        String[] names = items.get(0).parts().keySet().stream().sorted().toArray(String[]::new);
        String[] ids = new String[items.size()];
        float[] scores = new float[items.size()];
        float[] values = new float[items.size() * names.length];
        for (int i = 0; i < items.size(); i++) {
            ServingModel.Scored s = items.get(i);
            if (s.parts().size() != names.length || !fitsFloat(s.score())) {
                return Optional.empty();
            }
            ids[i] = s.itemId();
            scores[i] = (float) s.score();
            for (int p = 0; p < names.length; p++) {
                Double v = s.parts().get(names[p]);
                if (v == null || !fitsFloat(v)) {
                    return Optional.empty();
                }
                values[i * names.length + p] = v.floatValue();
            }
        }
        return Optional.of(new RankedList(ranked.modelVersion(), ranked.path(), ids, scores, names, values, exact,
                Set.copyOf(excluded)));
    }

    private static boolean fitsFloat(double v) {
        return Double.compare((double) (float) v, v) == 0;
    }

    /** The version of the model that ranked. */
    public String modelVersion() {
        return modelVersion;
    }

    /** The model's path, e.g. {@code lstm+mlp}. */
    public String path() {
        return path;
    }

    /** Items kept. */
    public int size() {
        return itemIds.length;
    }

    /**
     * How many leading items a request with more exclusions may be served from: past them the
     * list may differ from what the model would answer that request.
     */
    public int exactItems() {
        return exactItems;
    }

    /**
     * Whether a request excluding {@code excluded} may be served from this list: only when it
     * excludes everything the list was computed without. An item that left the exclusions since
     * (a shown item forgotten by the bounded impression history) may belong in the answer, and
     * this list never saw it.
     */
    public boolean servesWithout(Set<String> excluded) {
        return excluded.containsAll(computedWithout);
    }

    /** The exclusions this list was computed with (the user's own, at the time). */
    public Set<String> computedWithout() {
        return computedWithout;
    }

    /** Item {@code i}'s id. */
    public String itemId(int i) {
        return itemIds[i];
    }

    /** Item {@code i}'s score as the model gave it. */
    public double score(int i) {
        return scores[i];
    }

    /** How many named parts each item's score has. */
    public int partCount() {
        return partNames.length;
    }

    /** The name of part {@code p}; parts are in the natural order of their names. */
    public String partName(int p) {
        return partNames[p];
    }

    /** Part {@code p} of item {@code i}'s score as the model gave it. */
    public double part(int i, int p) {
        return parts[i * partNames.length + p];
    }

    /** Item {@code i} exactly as the model listed it (score and parts). */
    public ServingModel.Scored item(int i) {
        Map<String, Double> named = new HashMap<>(partNames.length * 2);
        for (int p = 0; p < partNames.length; p++) {
            named.put(partNames[p], (double) parts[i * partNames.length + p]);
        }
        return new ServingModel.Scored(itemIds[i], scores[i], named);
    }

    @Override
    public String toString() {
        return "RankedList[" + modelVersion + ", " + path + ", " + itemIds.length + " items, " + exactItems
                + " exact, computed without " + computedWithout.size() + " items, parts "
                + Arrays.toString(partNames) + "]";
    }
}
