package io.profilestream.recommender.segment;

import io.profilestream.ml.segment.NearestCentroidSegmentModel;
import io.profilestream.ml.segment.SegmentArtifact;
import io.profilestream.ml.segment.SegmentDescription;
import io.profilestream.ml.segment.SegmentModel;
import io.profilestream.model.dp.PrivacyNote;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.serde.Json;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The segment model this instance uses: places a profile in a segment, and answers
 * {@code GET /v1/segments} with the artifact's differentially private part only. The public answer
 * is built once, here, from {@code segments} and {@code privacy}; nothing else of the artifact is
 * kept for it, so a later field cannot leak through by accident.
 */
public final class Segments {

    private final SegmentModel model;
    private final SegmentsResponse published;

    /** @param artifact a validated artifact */
    public Segments(SegmentArtifact artifact) {
        this.model = new NearestCentroidSegmentModel(Objects.requireNonNull(artifact, "artifact"));
        this.published = publish(artifact);
    }

    /**
     * Loads an artifact written by the trainer's {@code segments --out DIR}.
     *
     * @throws io.profilestream.ml.artifact.ModelArtifactException naming the file and the problem
     */
    public static Segments load(Path path) {
        return new Segments(SegmentArtifact.read(path));
    }

    /** The model's version. */
    public String version() {
        return model.version();
    }

    /** Number of segments. */
    public int k() {
        return model.k();
    }

    /** The segment of {@code profile} as of {@code asOf}, or null for a profile without events. */
    public SegmentDescription segmentOf(UserProfile profile, Instant asOf) {
        if (profile.lastEventTime() == null) {
            return null;
        }
        return model.description(model.assign(profile, asOf).segment());
    }

    /** The body of {@code GET /v1/segments}. */
    public SegmentsResponse published() {
        return published;
    }

    private static SegmentsResponse publish(SegmentArtifact artifact) {
        List<SegmentsResponse.Segment> segments = artifact.segments().stream()
                .map(d -> new SegmentsResponse.Segment(d.id(), d.size(), d.topCategories(), d.priceBand(),
                        d.churnLevel(), d.activity(), d.text()))
                .toList();
        Map<String, Object> privacy = artifact.privacy();
        List<SegmentsResponse.Release> releases = new ArrayList<>();
        if (privacy.get("releases") instanceof Map<?, ?> notes) {
            // Read back from JSON the notes are maps; written in the same process they are PrivacyNotes.
            notes.forEach((name, value) -> {
                PrivacyNote note = Json.mapper().convertValue(value, PrivacyNote.class);
                releases.add(new SegmentsResponse.Release(String.valueOf(name), note.epsilon(), note.mechanism(),
                        note.sensitivity(), note.noiseScale(), note.noiseStandardDeviation(), note.receiptId()));
            });
        }
        // Summed exactly (in decimal), so 0.1 + 0.2 reads 0.3: the ε of the releases composes by addition.
        BigDecimal epsilon = releases.stream().map(r -> BigDecimal.valueOf(r.epsilon()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        List<String> mechanisms = List.copyOf(new LinkedHashSet<>(releases.stream()
                .map(SegmentsResponse.Release::mechanism).toList()));
        return new SegmentsResponse(artifact.modelVersion(), artifact.k(), segments,
                new SegmentsResponse.Privacy(epsilon.doubleValue(), mechanisms, List.copyOf(releases),
                        text(privacy.get("covered")), text(privacy.get("notCovered"))));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
