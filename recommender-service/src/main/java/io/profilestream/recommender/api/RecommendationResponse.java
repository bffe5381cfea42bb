package io.profilestream.recommender.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code GET /v1/recommendations/{userId}}.
 *
 * @param userKey       the pseudonym the request's user id maps to (never the raw id)
 * @param path          which path served the list: the model's path ({@code lstm+mlp}, or
 *                      {@code lstm} for an artifact without ranker), that path plus
 *                      {@code +popular-fill} when the model's list was short after the business
 *                      filters, {@code category-popular} for a known user the model cannot serve
 *                      (no session state yet, no model loaded), {@code popular} for an unknown user
 * @param modelVersion  the model version loaded when the request was answered, null when none;
 *                      set on fallback answers too, so every answer says which model was live
 * @param strategy      coarse label kept for existing clients: {@code neural} when the model
 *                      listed any item, else {@code affinity-popularity} or {@code popular}
 * @param fallback      true when the user is unknown and plain popularity was served
 *                      (unchanged meaning; {@code path} tells every other case apart)
 * @param k             the number of items asked for
 * @param generatedAt   when this answer was computed
 * @param profileEvents events in the profile this answer used (0 for an unknown user): shows a
 *                      caller, and the freshness probes, how far the recommender's view has got
 * @param items         best first, at most {@code k}: the model's items first, then any fill
 */
public record RecommendationResponse(String userKey, String path, String modelVersion, String strategy,
                                     boolean fallback, int k, Instant generatedAt, long profileEvents,
                                     List<Item> items) {

    /**
     * One recommended item. Scores and parts are rounded to 6 decimals: ranking used the exact
     * values, and digits beyond that are floating-point noise to a client.
     *
     * @param parts what the score was made of: the model's named inputs (e.g. {@code lstm_score},
     *              sorted by name) for model items; {@code categoryAffinity}, {@code brandAffinity}
     *              and {@code popularity} for popularity items
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String itemId, double score, Map<String, Double> parts, String category, String brand,
                       BigDecimal price, String currency) {
    }
}
