package io.profilestream.profileupdater.neural;

import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.profile.NeuralState;
import io.profilestream.model.profile.UserProfile;

/**
 * The neural part of folding one clean event into a profile, run by the profile processor right
 * after the explicit fold so both parts land in the same store write and the same output record.
 *
 * <p>{@link #disabled()} is the same topology without the LSTM: the service runs that way when no
 * models directory is configured, and a benchmark compares it with {@link NeuralProfileStep} to
 * price the step in isolation.
 */
@FunctionalInterface
public interface NeuralStep {

    /**
     * The neural state after {@code event}.
     *
     * @param folded the profile after the explicit fold of {@code event}; its {@link UserProfile#neural()}
     *               is still the state from before the event, and its session fields already count
     *               {@code event}
     * @param event  the clean event, with a type and an event time
     * @return the new state; {@code folded.neural()} itself (possibly null) when nothing changes
     */
    NeuralState apply(UserProfile folded, CleanEvent event);

    /** A step that leaves the neural state exactly as it was. */
    static NeuralStep disabled() {
        return (folded, event) -> folded.neural();
    }
}
