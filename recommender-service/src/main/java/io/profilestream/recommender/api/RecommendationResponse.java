package io.profilestream.recommender.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
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
@Schema(description = "Recommendations for one user, best first")
public record RecommendationResponse(
        @Schema(description = "The pseudonym the request's user id maps to (never the raw id): 64 hex characters",
                requiredMode = Schema.RequiredMode.REQUIRED)
        String userKey,
        @Schema(description = "Which path served the list: lstm+mlp (the model, re-ranked), lstm (model artifact "
                + "without ranker), either with +popular-fill when popularity completed a short model list, "
                + "category-popular (known user the model cannot serve yet), popular (unknown user)",
                example = "lstm+mlp", requiredMode = Schema.RequiredMode.REQUIRED)
        String path,
        @Schema(description = "The model version loaded when the request was answered, also on fallback answers; "
                + "null while no model is loaded", types = {"string", "null"}, example = "2025-03-01")
        String modelVersion,
        @Schema(description = "Coarse label kept for existing clients: neural when the model listed any item, "
                + "else affinity-popularity or popular", example = "neural", requiredMode = Schema.RequiredMode.REQUIRED)
        String strategy,
        @Schema(description = "True when the user is unknown and plain popularity was served",
                requiredMode = Schema.RequiredMode.REQUIRED)
        boolean fallback,
        @Schema(description = "The number of items asked for", example = "10", requiredMode = Schema.RequiredMode.REQUIRED)
        int k,
        @Schema(description = "When this answer was computed", requiredMode = Schema.RequiredMode.REQUIRED)
        Instant generatedAt,
        @Schema(description = "Events in the profile this answer used (0 for an unknown user): how far this "
                + "service's view of the user has got", example = "42", requiredMode = Schema.RequiredMode.REQUIRED)
        long profileEvents,
        @Schema(description = "Best first, at most k: the model's items first, then any popularity fill",
                requiredMode = Schema.RequiredMode.REQUIRED)
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
    @Schema(name = "RecommendedItem", description = "One recommended item; category, brand, price and currency are "
            + "left out when the catalogue does not know them")
    public record Item(
            @Schema(description = "The shop's item id", example = "sku-1042", requiredMode = Schema.RequiredMode.REQUIRED)
            String itemId,
            @Schema(description = "The score the list is sorted by (higher is better), rounded to 6 decimals",
                    example = "0.913204", requiredMode = Schema.RequiredMode.REQUIRED)
            double score,
            @Schema(description = "What the score was made of, rounded to 6 decimals. Model items: the ranker's "
                    + "named inputs (lstm_score, lstm_rank, vsknn_score, vsknn_rank, iknn_score, log_popularity, "
                    + "in_session, position_from_end, same_category_as_last, session_length) and its output "
                    + "mlp_score, or lstm_score (with repeat_score when the model has a repeat head) on the lstm path; popularity items: categoryAffinity, "
                    + "brandAffinity and popularity", requiredMode = Schema.RequiredMode.REQUIRED)
            Map<String, Double> parts,
            @Schema(description = "Category path, lower case", example = "electronics/phones")
            String category,
            @Schema(description = "Brand, lower case", example = "acme")
            String brand,
            @Schema(description = "Unit price", example = "199.00")
            BigDecimal price,
            @Schema(description = "ISO 4217 currency code", example = "EUR")
            String currency) {
    }
}
