package io.profilestream.profileupdater.churn;

import io.profilestream.ml.churn.ChurnModel;
import io.profilestream.model.profile.UserProfile;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * A profile's churn risk at read time: the model is applied to the live profile as of now, so
 * the risk grows while a user stays away without any event having to arrive.
 */
public final class ChurnScorer {

    private final ChurnModel model;
    private final Clock clock;

    /**
     * @param model the loaded model
     * @param clock "now" for {@code asOf}
     */
    public ChurnScorer(ChurnModel model, Clock clock) {
        this.model = Objects.requireNonNull(model, "model");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The risk of {@code profile} now, or null for a profile without events (nothing to score).
     */
    public ChurnRisk riskOf(UserProfile profile) {
        if (profile.lastEventTime() == null) {
            return null;
        }
        Instant now = clock.instant();
        return new ChurnRisk(model.probability(profile, now), model.horizon().toHours(), model.version(), now);
    }

    /** The model in use. */
    public ChurnModel model() {
        return model;
    }
}
