package io.profilestream.profileupdater.segment;

import io.profilestream.ml.segment.SegmentModel;
import io.profilestream.model.profile.UserProfile;
import java.time.Clock;
import java.util.Objects;

/**
 * A profile's segment at read time: the model is applied to the live profile as of now, because
 * recency is a feature (a user who stays away drifts towards the lapsed segments without an event).
 */
public final class SegmentAssigner {

    private final SegmentModel model;
    private final Clock clock;

    /**
     * @param model the loaded model
     * @param clock "now" for the recency feature
     */
    public SegmentAssigner(SegmentModel model, Clock clock) {
        this.model = Objects.requireNonNull(model, "model");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The segment of {@code profile} now, or null for a profile without events (nothing to place). */
    public UserSegment segmentOf(UserProfile profile) {
        if (profile.lastEventTime() == null) {
            return null;
        }
        int id = model.assign(profile, clock.instant()).segment();
        return new UserSegment(id, model.description(id).text(), model.version());
    }

    /** The model in use. */
    public SegmentModel model() {
        return model;
    }
}
