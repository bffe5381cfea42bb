package io.profilestream.profileupdater.segment;

import io.profilestream.ml.segment.SegmentModel;
import io.profilestream.ml.serving.VersionedModels;
import io.profilestream.model.profile.UserProfile;
import java.time.Clock;
import java.util.Objects;

/**
 * A profile's segment at read time: the model is applied to the live profile as of now, because
 * recency is a feature (a user who stays away drifts towards the lapsed segments without an event).
 * The model is the one current at the read ({@link VersionedModels}), so a re-fit is picked up
 * without a restart.
 */
public final class SegmentAssigner implements AutoCloseable {

    /** What the segment models are called in logs. */
    public static final String WHAT = "Segment model";

    private final VersionedModels<SegmentModel> models;
    private final Clock clock;

    /**
     * Places profiles with one model for ever.
     *
     * @param model the loaded model
     * @param clock "now" for the recency feature
     */
    public SegmentAssigner(SegmentModel model, Clock clock) {
        this(VersionedModels.fixed(WHAT, Objects.requireNonNull(model, "model"), SegmentModel::version), clock);
    }

    /**
     * @param models the model in use, swapped when a new version is loaded
     * @param clock  "now" for the recency feature
     */
    public SegmentAssigner(VersionedModels<SegmentModel> models, Clock clock) {
        this.models = Objects.requireNonNull(models, "models");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The segment of {@code profile} now, or null for a profile without events (nothing to place)
     * or while no model version is loaded yet.
     */
    public UserSegment segmentOf(UserProfile profile) {
        if (profile.lastEventTime() == null) {
            return null;
        }
        // Taken once: the id, its description and the version must come from the same model even if a swap happens now.
        SegmentModel model = models.current().orElse(null);
        if (model == null) {
            return null;
        }
        int id = model.assign(profile, clock.instant()).segment();
        return new UserSegment(id, model.description(id).text(), model.version());
    }

    /** The models placed with (current version, directory, last refusal). */
    public VersionedModels<SegmentModel> models() {
        return models;
    }

    /** Stops following the models directory, if any. */
    @Override
    public void close() {
        models.close();
    }
}
