package io.profilestream.profileupdater.churn;

import io.profilestream.ml.churn.ChurnModel;
import io.profilestream.ml.serving.VersionedModels;
import io.profilestream.model.profile.UserProfile;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * A profile's churn risk at read time: the model is applied to the live profile as of now, so
 * the risk grows while a user stays away without any event having to arrive. The model is the
 * one current at the read ({@link VersionedModels}), so a re-fit is picked up without a restart.
 */
public final class ChurnScorer implements AutoCloseable {

    /** What the churn models are called in logs. */
    public static final String WHAT = "Churn model";

    private final VersionedModels<ChurnModel> models;
    private final Clock clock;

    /**
     * Scores with one model for ever.
     *
     * @param model the loaded model
     * @param clock "now" for {@code asOf}
     */
    public ChurnScorer(ChurnModel model, Clock clock) {
        this(VersionedModels.fixed(WHAT, Objects.requireNonNull(model, "model"), ChurnModel::version), clock);
    }

    /**
     * @param models the model in use, swapped when a new version is loaded
     * @param clock  "now" for {@code asOf}
     */
    public ChurnScorer(VersionedModels<ChurnModel> models, Clock clock) {
        this.models = Objects.requireNonNull(models, "models");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The risk of {@code profile} now, or null for a profile without events (nothing to score) or
     * while no model version is loaded yet.
     */
    public ChurnRisk riskOf(UserProfile profile) {
        if (profile.lastEventTime() == null) {
            return null;
        }
        // Taken once: probability, horizon and version must come from the same model even if a swap happens now.
        ChurnModel model = models.current().orElse(null);
        if (model == null) {
            return null;
        }
        Instant now = clock.instant();
        return new ChurnRisk(model.probability(profile, now), model.horizon().toHours(), model.version(), now);
    }

    /** The models scored with (current version, directory, last refusal). */
    public VersionedModels<ChurnModel> models() {
        return models;
    }

    /** Stops following the models directory, if any. */
    @Override
    public void close() {
        models.close();
    }
}
