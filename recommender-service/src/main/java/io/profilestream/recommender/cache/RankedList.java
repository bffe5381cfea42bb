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
 * computed deeper than any request with only the profile's own exclusions (purchased items), so
 * the fast-moving filters (stock, items shown too often) can be applied when serving.
 *
 * <p>Only a prefix of the list is guaranteed to be what the model would list for a request
 * with MORE exclusions ({@link #exactItems()}): the first items of a ranking filtered further are
 * the ranking of the filtered request only while the model ranks a fixed candidate set.
 * <ul>
 *   <li>LSTM path ({@value ArtifactServingModel#PATH_LSTM}): the retriever's top-n, a fixed order
 *       of the whole catalogue, so the whole list (bit-identical with exact retrieval; with the
 *       approximate retrievers the deeper search is at least as close to exact);</li>
 *   <li>hybrid path ({@value HybridServingModel#PATH_HYBRID}): the MLP ranks the LSTM top-N and
 *       V-SKNN candidates, retrieved without exclusions; past them the model back-fills items
 *       retrieved for the request's own {@code k} and exclusions, which a deeper list cannot
 *       reproduce. The candidates take at least the first {@code N − e} places ({@code e} = the
 *       excluded ids the model knows), so only that prefix counts;</li>
 *   <li>any other model or path: nothing is known, so the list is not cached at all.</li>
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

    private RankedList(String modelVersion, String path, String[] itemIds, float[] scores, String[] partNames,
                       float[] parts, int exactItems) {
        this.modelVersion = modelVersion;
        this.path = path;
        this.itemIds = itemIds;
        this.scores = scores;
        this.partNames = partNames;
        this.parts = parts;
        this.exactItems = exactItems;
    }

    /**
     * The cacheable form of {@code ranked}, which {@code model} computed with {@code excluded}
     * (the profile-derived exclusions only); empty when none of it could be served exactly from a
     * cache (see the class comment) or its values do not fit a float exactly.
     */
    public static Optional<RankedList> of(ServingModel model, ServingModel.Recommendations ranked,
                                          Set<String> excluded) {
        List<ServingModel.Scored> items = ranked.items();
        int exact = exactPrefix(model, ranked, excluded);
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
        return Optional.of(new RankedList(ranked.modelVersion(), ranked.path(), ids, scores, names, values, exact));
    }

    private static int exactPrefix(ServingModel model, ServingModel.Recommendations ranked, Set<String> excluded) {
        int size = ranked.items().size();
        if (size == 0) {
            return 0;
        }
        if (model instanceof HybridServingModel hybrid && HybridServingModel.PATH_HYBRID.equals(ranked.path())) {
            int topN = hybrid.hybridRanker().map(r -> r.signals().topN()).orElse(0);
            long known = excluded.stream().filter(id -> model.lstm().vocabulary().indexOf(id).isPresent()).count();
            return (int) Math.max(0, Math.min(size, topN - known));
        }
        if (model instanceof ArtifactServingModel && ArtifactServingModel.PATH_LSTM.equals(ranked.path())) {
            return size;
        }
        return 0;
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

    /** Item {@code i}'s id. */
    public String itemId(int i) {
        return itemIds[i];
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
        return "RankedList[" + modelVersion + ", " + path + ", " + itemIds.length + " items, " + exactItems + " exact, parts "
                + Arrays.toString(partNames) + "]";
    }
}
