package io.profilestream.trainer.churn;

import io.profilestream.ml.churn.ChurnFeatures;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.profile.UserProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Labelled churn examples at one cutoff: every user with an event at or before the cutoff, their
 * profile folded as of the cutoff, and whether they had NO event in {@code (cutoff, cutoff + horizon]}.
 *
 * @param cutoff   the instant the profiles are taken at
 * @param horizon  the label window's length
 * @param examples one per user active by the cutoff, in the users' order
 */
public record ChurnDataset(Instant cutoff, Duration horizon, List<Example> examples) {

    /**
     * One user at the cutoff.
     *
     * @param user            the user id
     * @param features        {@link ChurnFeatures#of} the profile as of the cutoff
     * @param hoursSinceLast  hours from the last event to the cutoff (the recency baseline's score)
     * @param churned         no event in the label window
     */
    public record Example(String user, double[] features, double hoursSinceLast, boolean churned) {
    }

    /**
     * Builds the examples.
     *
     * @param byUser  each user's events in event-time order ({@link ProfileReplay#eventsByUser})
     * @param replay  the fold
     */
    public static ChurnDataset at(Map<String, List<CleanEvent>> byUser, ProfileReplay replay, Instant cutoff,
                                  Duration horizon) {
        Instant windowEnd = cutoff.plus(horizon);
        List<Example> out = new ArrayList<>();
        byUser.forEach((user, events) -> {
            UserProfile profile = replay.profileAsOf(events, cutoff);
            if (profile == null) {
                return;
            }
            boolean returned = events.stream().map(CleanEvent::eventTime)
                    .anyMatch(t -> t.isAfter(cutoff) && !t.isAfter(windowEnd));
            double hours = Duration.between(profile.lastEventTime(), cutoff).toMillis() / 3_600_000.0;
            out.add(new Example(user, ChurnFeatures.of(profile, cutoff), hours, !returned));
        });
        return new ChurnDataset(cutoff, horizon, List.copyOf(out));
    }

    /** Users in the set. */
    public int size() {
        return examples.size();
    }

    /** Users who did not return. */
    public long churned() {
        return examples.stream().filter(Example::churned).count();
    }

    /** Share of users who did not return (the PR-AUC of a random score). */
    public double baseRate() {
        return examples.isEmpty() ? Double.NaN : (double) churned() / examples.size();
    }

    /** The feature rows, in order. */
    public double[][] features() {
        return examples.stream().map(Example::features).toArray(double[][]::new);
    }

    /** The labels, in order. */
    public boolean[] labels() {
        boolean[] y = new boolean[examples.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = examples.get(i).churned();
        }
        return y;
    }
}
