package io.profilestream.recommender.segment;

import io.profilestream.ml.churn.ChurnArtifact;
import io.profilestream.ml.segment.SegmentArtifact;
import io.profilestream.ml.segment.SegmentDescription;
import io.profilestream.ml.segment.SegmentFeatures;
import io.profilestream.model.dp.PrivacyNote;
import io.profilestream.model.event.EventType;
import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.PriceBand;
import io.profilestream.model.profile.Rfm;
import io.profilestream.model.profile.UserProfile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-made two-segment artifact over categories {@code books}, {@code garden} and {@code phones},
 * with mean 0, scale 1 and weight 1: segment 0's centroid is the origin, segment 1's is the raw
 * feature vector of a given profile at a given instant, so that profile is in segment 1 at distance 0.
 * {@code garden} is in the feature space but in no description, and the training facts hold
 * {@value #TRAINING_USERS} users: neither may ever be served.
 */
public final class TestSegmentArtifacts {

    /** The feature space's categories. */
    public static final List<String> CATEGORIES = List.of("books", "garden", "phones");
    /** Exact training users, internal only. */
    public static final int TRAINING_USERS = 987_654;
    /** Segment 0's description. */
    public static final String SEGMENT_0 = "about 25 users; top categories books; price band low; churn risk high; "
            + "activity light";
    /** Segment 1's description. */
    public static final String SEGMENT_1 = "about 40 users; top categories phones, books; price band high; "
            + "churn risk low; activity regular";

    private TestSegmentArtifacts() {
    }

    /** The artifact; {@code member} as of {@code asOf} lies on segment 1's centroid. */
    public static SegmentArtifact artifact(String version, UserProfile member, Instant asOf) {
        int n = SegmentFeatures.names(CATEGORIES).size();
        double[] ones = new double[n];
        Arrays.fill(ones, 1.0);
        double[][] centroids = {new double[n], SegmentFeatures.of(member, asOf, CATEGORIES)};
        List<SegmentDescription> segments = List.of(
                new SegmentDescription(0, 25, List.of("books"), "low", "high", "light", SEGMENT_0),
                new SegmentDescription(1, 40, List.of("phones", "books"), "high", "low", "regular", SEGMENT_1));
        Map<String, PrivacyNote> releases = new LinkedHashMap<>();
        releases.put("segment-sizes", new PrivacyNote(0.5, "discrete-laplace", 1, 2.0, 2.75, "r-0001"));
        releases.put("segment-top-categories", new PrivacyNote(0.25, "discrete-laplace", 1, 4.0, 5.5, "r-0002"));
        Map<String, Object> privacy = new LinkedHashMap<>();
        privacy.put("releases", releases);
        privacy.put("covered", "segments[].size and every description field");
        privacy.put("notCovered", "categories, mean, scale, weight, centroids and training: internal only");
        return new SegmentArtifact(SegmentArtifact.FORMAT_VERSION, version, Instant.parse("2025-03-01T00:00:00Z"),
                CATEGORIES, SegmentFeatures.names(CATEGORIES), new double[n], ones, ones, centroids, segments,
                new ChurnArtifact.Fold(Duration.ofMinutes(30), Duration.ofDays(7), 50), privacy,
                Map.of("users", TRAINING_USERS, "quality", Map.of("silhouette", 0.4321)));
    }

    /** A profile with a few phone views, the last at {@code lastEvent}. */
    public static UserProfile member(String userKey, Instant lastEvent) {
        return new UserProfile(userKey, 3, Map.of(EventType.VIEW, 3L),
                new DecayedScores(lastEvent, Map.of("phones", 2.0, "books", 1.0)), DecayedScores.empty(),
                PriceBand.empty(), Rfm.empty(), 1, "s", List.of("p1"), List.of(), lastEvent.minusSeconds(600),
                lastEvent);
    }

    /** Writes the artifact into {@code dir}; returns the file. */
    public static Path write(Path dir, String version, UserProfile member, Instant asOf) throws IOException {
        return artifact(version, member, asOf).write(dir);
    }
}
