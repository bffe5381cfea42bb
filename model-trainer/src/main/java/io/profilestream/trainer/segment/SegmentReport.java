package io.profilestream.trainer.segment;

import io.profilestream.ml.segment.SegmentDescription;
import io.profilestream.model.dp.PrivacyNote;
import io.profilestream.model.serde.Json;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code segments} prints and writes: cluster quality per k against the baselines measured on
 * the same users, the chosen k, and the differentially private segment descriptions.
 *
 * @param run      run facts (input, users, categories, as-of), in print order
 * @param quality  one row per k tried
 * @param chosenK  the k of the model
 * @param segments the released descriptions (noisy; see {@link SegmentRelease})
 * @param privacy  the privacy notes of the releases
 */
public record SegmentReport(Map<String, Object> run, List<QualityRow> quality, int chosenK,
                            List<SegmentDescription> segments, Map<String, PrivacyNote> privacy) {

    /**
     * Quality of one k on the training users, in the model's feature space (exact, not DP).
     *
     * @param k                 number of segments
     * @param silhouette        mean silhouette of k-means (higher is better)
     * @param daviesBouldin     Davies-Bouldin index of k-means (lower is better)
     * @param randomSilhouette  silhouette of a seeded uniformly random assignment to k segments
     * @param randomDb          its Davies-Bouldin index
     * @param recencySilhouette silhouette of k-means on recency alone, measured in the full space
     * @param recencyDb         its Davies-Bouldin index
     * @param smallest          users in the smallest k-means segment (exact; operators only)
     */
    public record QualityRow(int k, double silhouette, double daviesBouldin, double randomSilhouette, double randomDb,
                             double recencySilhouette, double recencyDb, int smallest) {
    }

    /** Plain-text tables. */
    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%3s | %10s %8s | %10s %8s | %10s %8s | %8s%n", "k", "k-means sil", "DB",
                "random sil", "DB", "recency sil", "DB", "smallest"));
        for (QualityRow r : quality) {
            b.append(String.format(Locale.ROOT, "%3d | %10.4f %8.4f | %10.4f %8.4f | %10.4f %8.4f | %8d%n", r.k(),
                    r.silhouette(), r.daviesBouldin(), r.randomSilhouette(), r.randomDb(), r.recencySilhouette(),
                    r.recencyDb(), r.smallest()));
        }
        b.append(String.format(Locale.ROOT, "%nchosen k = %d; segments (differentially private sizes and descriptions):%n",
                chosenK));
        for (SegmentDescription s : segments) {
            b.append(String.format(Locale.ROOT, "%3d  %s%n", s.id(), s.text()));
        }
        b.append(String.format(Locale.ROOT, "%nprivacy releases:%n"));
        privacy.forEach((name, note) -> b.append(String.format(Locale.ROOT, "  %-24s epsilon %s, noise sd %.2f users per "
                + "cell, receipt %s%n", name, note.epsilon(), note.noiseStandardDeviation(), note.receiptId())));
        return b.toString();
    }

    /** The report as pretty JSON. */
    public String json() {
        Map<String, Object> out = new LinkedHashMap<>(run);
        out.put("quality", quality);
        out.put("chosenK", chosenK);
        out.put("segments", segments);
        out.put("privacy", privacy);
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
