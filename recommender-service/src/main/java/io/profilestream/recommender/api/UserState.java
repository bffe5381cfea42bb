package io.profilestream.recommender.api;

import io.profilestream.model.profile.UserProfile;
import io.profilestream.recommender.impressions.ShownItems;
import java.util.Objects;
import java.util.Optional;

/**
 * What this instance holds for one user, opened: their profile and what they have been shown.
 * Both come from one task and are opened with one unwrap of the user's data key.
 *
 * @param profile the profile, empty when the user is unknown or it cannot be opened (their data
 *                key has not arrived yet or was destroyed)
 * @param shown   what the user has been shown; nothing when none is recorded or it cannot be opened
 */
public record UserState(Optional<UserProfile> profile, ShownItems shown) {

    /** A user of whom nothing is stored here. */
    public static final UserState UNKNOWN = new UserState(Optional.empty(), ShownItems.none());

    public UserState {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(shown, "shown");
    }
}
