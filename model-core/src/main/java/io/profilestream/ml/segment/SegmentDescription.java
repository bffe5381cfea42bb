package io.profilestream.ml.segment;

import java.util.List;

/**
 * What a segment is, for people (the dashboard, the profile endpoint). Every field except
 * {@code id} is computed by the trainer from differentially private histograms only (noisy
 * counts, then post-processing), never from the exact members: see the trainer's
 * {@code segments} command for the releases and what they do and do not cover.
 *
 * @param id            the segment id, 0..k-1 (a public domain: the model has k segments)
 * @param size          the noisy number of users in the segment (clamped at 0)
 * @param topCategories up to three categories with the highest noisy top-category counts, best first
 * @param priceBand     the price band most members' typical price falls in ({@code low}, {@code medium},
 *                      {@code high}), or {@code unknown} when most members have no prices
 * @param churnLevel    {@code low}, {@code medium} or {@code high} by the churn model's probability, or
 *                      {@code unknown} when the trainer had no churn model
 * @param activity      {@code light}, {@code regular} or {@code heavy} by events per member
 * @param text          the above as one sentence
 */
public record SegmentDescription(int id, long size, List<String> topCategories, String priceBand, String churnLevel,
                                 String activity, String text) {

    /** Checks the id and copies the list. */
    public SegmentDescription {
        if (id < 0) {
            throw new IllegalArgumentException("segment id must be at least 0, got " + id);
        }
        topCategories = topCategories == null ? List.of() : List.copyOf(topCategories);
    }
}
