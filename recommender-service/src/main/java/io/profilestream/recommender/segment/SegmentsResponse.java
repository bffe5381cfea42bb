package io.profilestream.recommender.segment;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * Body of {@code GET /v1/segments}: the differentially private part of the segment model and what
 * its privacy covers. Built only from the artifact's {@code segments} and {@code privacy}: the
 * centroids, the standardisation, the feature space's category list and the training facts are
 * exact functions of the training users and never leave the service.
 *
 * @param modelVersion the segment model's version
 * @param k            the number of segments
 * @param segments     one entry per segment, ids 0..k-1 in order
 * @param privacy      the releases the sizes and descriptions come from
 */
@Schema(name = "Segments", description = "The segments of the model in use, as released with differential privacy")
public record SegmentsResponse(String modelVersion, int k, List<Segment> segments, Privacy privacy) {

    /**
     * One segment as released: every field but {@code id} is post-processing of noisy histograms.
     *
     * @param id            the segment id, 0..k-1
     * @param size          the noisy number of users (clamped at 0)
     * @param topCategories up to three categories by noisy count, best first
     * @param priceBand     {@code low}, {@code medium}, {@code high} or {@code unknown}
     * @param churnLevel    {@code low}, {@code medium}, {@code high} or {@code unknown}
     * @param activity      {@code light}, {@code regular} or {@code heavy}
     * @param description   the above as one sentence
     */
    @Schema(name = "SegmentDescription")
    public record Segment(int id, long size, List<String> topCategories, String priceBand, String churnLevel,
                          String activity, String description) {
    }

    /**
     * What the released values are.
     *
     * @param epsilon    the ε of all releases together (each user is in every histogram once)
     * @param mechanisms the noise mechanisms of the releases, without repeats
     * @param releases   each release, in the order the trainer made them
     * @param covered    which fields the releases cover, as the trainer wrote it
     * @param notCovered what is NOT differentially private, as the trainer wrote it (none of it is served)
     */
    @Schema(name = "SegmentsPrivacy")
    public record Privacy(double epsilon, List<String> mechanisms, List<Release> releases, String covered,
                          String notCovered) {
    }

    /**
     * One ε-DP histogram release, charged to the privacy budget ledger once.
     *
     * @param name                   what was counted
     * @param epsilon                the ε charged for it
     * @param mechanism              the noise mechanism
     * @param sensitivity            the L1 sensitivity the noise is calibrated to
     * @param noiseScale             the noise scale {@code sensitivity / ε}
     * @param noiseStandardDeviation the standard deviation of the noise in each count
     * @param receiptId              the ledger entry that paid for it
     */
    @Schema(name = "SegmentRelease")
    public record Release(String name, double epsilon, String mechanism, long sensitivity, double noiseScale,
                          double noiseStandardDeviation, String receiptId) {
    }
}
