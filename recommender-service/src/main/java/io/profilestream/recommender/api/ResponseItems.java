package io.profilestream.recommender.api;

import io.profilestream.ml.serving.ServingModel;
import io.profilestream.model.catalogue.CatalogueItem;
import io.profilestream.recommender.cache.RankedList;
import io.profilestream.recommender.catalogue.CatalogueIndex;
import io.profilestream.recommender.ranking.RankedItem;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The items of a recommendation response: score and parts rounded to 6 decimals, parts in the
 * natural order of their names on the model paths, and the catalogue's category, brand and
 * price when the item is in the catalogue. Thread-safe.
 */
final class ResponseItems {

    private final CatalogueIndex index;

    ResponseItems(CatalogueIndex index) {
        this.index = index;
    }

    /** An item as the model listed it. */
    RecommendationResponse.Item of(ServingModel.Scored scored) {
        Map<String, Double> parts = new TreeMap<>();
        scored.parts().forEach((name, value) -> parts.put(name, round(value)));
        return withCatalogue(scored.itemId(), round(scored.score()), parts);
    }

    /**
     * Item {@code i} of a cached ranking, the same as {@code of(ranking.item(i))} without the two
     * maps in between: with 94.5 % of the benchmark's neural requests served from the cache, those
     * maps (20 items × 11 parts, twice) were the largest allocation of the request threads (JFR,
     * 2026-12-01), and every young collection pauses the requests.
     */
    RecommendationResponse.Item of(RankedList ranking, int i) {
        // The names are sorted, so this has the TreeMap's order of the uncached answer.
        Map<String, Double> parts = new LinkedHashMap<>(ranking.partCount() * 2);
        for (int p = 0; p < ranking.partCount(); p++) {
            parts.put(ranking.partName(p), round(ranking.part(i, p)));
        }
        return withCatalogue(ranking.itemId(i), round(ranking.score(i)), parts);
    }

    /** An item of the popularity ranking. */
    static RecommendationResponse.Item of(RankedItem ranked) {
        CatalogueItem item = ranked.item();
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("categoryAffinity", round(ranked.categoryAffinity()));
        parts.put("brandAffinity", round(ranked.brandAffinity()));
        parts.put("popularity", round(ranked.popularity()));
        return new RecommendationResponse.Item(item.itemId(), round(ranked.score()), parts, item.category(),
                item.brand(), item.price(), item.currency());
    }

    private RecommendationResponse.Item withCatalogue(String itemId, double score, Map<String, Double> parts) {
        CatalogueItem item = index.get(itemId).orElse(null);
        return item == null
                ? new RecommendationResponse.Item(itemId, score, parts, null, null, null, null)
                : new RecommendationResponse.Item(itemId, score, parts, item.category(), item.brand(), item.price(),
                        item.currency());
    }

    /** Rounded to 6 decimals, as every score and part of a response. */
    static double round(double value) {
        return Math.round(value * 1e6) / 1e6;
    }
}
