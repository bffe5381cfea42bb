package io.profilestream.model.impression;

import java.time.Instant;
import java.util.List;

/**
 * One recommendation list as it was served to a user: the value of the impressions topic, keyed
 * by the user's pseudonym. The recommender folds these into per-user "times shown" counts so an
 * item a user keeps ignoring stops being recommended.
 *
 * @param userKey      the user's pseudonym (also the record key)
 * @param servedAt     when the list was served
 * @param path         how the list was produced, e.g. {@code lstm+mlp} or {@code category-popular}
 * @param modelVersion the model version that produced it, or null when no model was used
 * @param itemIds      the items shown, in the order shown
 */
public record Impression(String userKey, Instant servedAt, String path, String modelVersion, List<String> itemIds) {

    public Impression {
        itemIds = itemIds == null ? List.of() : List.copyOf(itemIds);
    }
}
