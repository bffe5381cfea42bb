package io.profilestream.recommender.api;

import io.profilestream.model.profile.UserProfile;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/** Where a user's profile lives: in this instance's store (possibly absent), or on another instance. */
public sealed interface ProfileLocation {

    /**
     * This instance owns the user's key.
     *
     * @param profile the profile, empty when the user is unknown or their profile cannot be opened
     *                (their data key has not arrived yet or was destroyed)
     */
    record Local(Optional<UserProfile> profile) implements ProfileLocation {
        public Local {
            Objects.requireNonNull(profile, "profile");
        }
    }

    /**
     * Another instance owns the user's key.
     *
     * @param owner that instance's {@code application.server}
     */
    record Remote(HostInfo owner) implements ProfileLocation {
        public Remote {
            Objects.requireNonNull(owner, "owner");
        }
    }
}
