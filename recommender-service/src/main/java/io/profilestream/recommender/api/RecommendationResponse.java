package io.profilestream.recommender.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Body of {@code GET /v1/recommendations/{userId}}.
 *
 * @param userKey     the pseudonym the request's user id maps to (never the raw id)
 * @param strategy    {@code affinity-popularity} or {@code popular}
 * @param fallback    true when the user is unknown and plain popularity was served
 * @param k           the number of items asked for
 * @param generatedAt   when this answer was computed
 * @param profileEvents events in the profile this answer used (0 for an unknown user): shows a
 *                      caller, and the freshness probes, how far the recommender's view has got
 * @param items         best first, at most {@code k}
 */
public record RecommendationResponse(String userKey, String strategy, boolean fallback, int k, Instant generatedAt,
                                     long profileEvents, List<Item> items) {

    /**
     * One recommended item. Scores are rounded to 6 decimals: ranking used the exact values,
     * and digits beyond that are floating-point noise to a client.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String itemId, double score, Parts parts, String category, String brand, BigDecimal price,
                       String currency) {
    }

    /**
     * What the score was made of.
     *
     * @param categoryAffinity the user's share of interest in the item's category
     * @param brandAffinity    the user's share of interest in the item's brand
     * @param popularity       current popularity relative to the most popular candidate
     */
    public record Parts(double categoryAffinity, double brandAffinity, double popularity) {
    }
}
