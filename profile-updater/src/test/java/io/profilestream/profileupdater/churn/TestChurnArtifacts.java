package io.profilestream.profileupdater.churn;

import static io.profilestream.model.event.EventType.ADD_TO_CART;
import static io.profilestream.model.event.EventType.PURCHASE;
import static io.profilestream.model.event.EventType.VIEW;

import io.profilestream.ml.churn.ChurnArtifact;
import io.profilestream.ml.churn.ChurnFeatures;
import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.PriceBand;
import io.profilestream.model.profile.Rfm;
import io.profilestream.model.profile.UserProfile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A hand-made churn artifact whose probability for {@link #profile(String)} is computed by hand. */
public final class TestChurnArtifacts {

    /** The profile's last event; {@link #AS_OF} is a day later. */
    public static final Instant LAST = Instant.parse("2025-03-03T00:00:00Z");
    /** The instant the tests ask at. */
    public static final Instant AS_OF = Instant.parse("2025-03-04T00:00:00Z");

    /**
     * The model's probability for {@link #profile(String)} as of {@link #AS_OF}: recency feature
     * ln(1 + 24), standardised with mean 1 and scale 2, weight 0.5; has_purchased 1, weight -1;
     * bias -2. z = -2 + 0.5 (ln 25 - 1) / 2 - 1, p = e^z / (1 + e^z) ≈ 0.07978.
     */
    public static final double EXPECTED;

    static {
        double z = -2.0 + 0.5 * (Math.log1p(24) - 1.0) / 2.0 + -1.0;
        EXPECTED = Math.exp(z) / (1.0 + Math.exp(z));
    }

    private TestChurnArtifacts() {
    }

    /** 9 events from 2025-03-01 to 2025-03-03, one purchase on 2025-03-02. */
    public static UserProfile profile(String userKey) {
        return new UserProfile(userKey, 9, Map.of(VIEW, 6L, ADD_TO_CART, 2L, PURCHASE, 1L),
                new DecayedScores(LAST, Map.of("a", 3.0, "b", 1.0)), DecayedScores.empty(), PriceBand.empty(),
                new Rfm(Instant.parse("2025-03-02T00:00:00Z"), 1, 1, Map.of()), 3, "s3", List.of("i1"), List.of("i1"),
                Instant.parse("2025-03-01T00:00:00Z"), LAST);
    }

    /** The artifact, folded with {@code fold}. */
    public static ChurnArtifact artifact(String version, ChurnArtifact.Fold fold) {
        int n = ChurnFeatures.NAMES.size();
        double[] mean = new double[n];
        double[] scale = new double[n];
        double[] weights = new double[n];
        Arrays.fill(scale, 1.0);
        mean[ChurnFeatures.RECENCY] = 1.0;
        scale[ChurnFeatures.RECENCY] = 2.0;
        weights[ChurnFeatures.RECENCY] = 0.5;
        weights[ChurnFeatures.NAMES.indexOf("has_purchased")] = -1.0;
        return new ChurnArtifact(ChurnArtifact.FORMAT_VERSION, version, Instant.parse("2025-03-05T00:00:00Z"), 48,
                ChurnFeatures.NAMES, mean, scale, weights, -2.0, fold, Map.of());
    }

    /** Writes the artifact, folded with the service's default settings, into {@code dir}. */
    public static Path write(Path dir, String version) throws IOException {
        return artifact(version, new ChurnArtifact.Fold(Duration.ofMinutes(30), Duration.ofDays(7), 50)).write(dir);
    }
}
