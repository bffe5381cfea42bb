package io.profilestream.profileupdater.text;

import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.profile.TextSignals;
import io.profilestream.model.profile.UserProfile;

/**
 * The text part of folding one clean event into a profile: review sentiment and search-query
 * interests, run by the profile processor right after the LSTM step so every part of the profile
 * lands in the same store write and the same output record.
 *
 * <p>It only ever sees {@link CleanEvent#reviewText()} and {@link CleanEvent#query()}, i.e. text the
 * privacy filter already scrubbed; the raw text never reaches this service.
 *
 * <p>{@link #disabled()} is the service without text models: profiles then are exactly what they
 * were before text signals existed.
 */
@FunctionalInterface
public interface TextSignalStep {

    /**
     * The text signals after {@code event}.
     *
     * @param folded the profile after the explicit fold (and the LSTM step) of {@code event}; its
     *               {@link UserProfile#text()} is still the signals from before the event
     * @param event  the clean event, with a type and an event time
     * @return the new signals; {@code folded.text()} itself when nothing changes
     */
    TextSignals apply(UserProfile folded, CleanEvent event);

    /** A step that leaves the text signals exactly as they were. */
    static TextSignalStep disabled() {
        return (folded, event) -> folded.text();
    }
}
