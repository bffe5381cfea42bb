package io.profilestream.recommender.api;

import io.profilestream.model.profile.UserProfile;
import io.profilestream.recommender.impressions.ShownItems;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Where a user's profile lives: in this instance's stores (possibly absent, together with what the
 * user has been shown, which shares the profile's task), or on another instance.
 */
public sealed interface ProfileLocation {

    /**
     * This instance owns the user's key.
     *
     * @param user the user's profile and shown items as stored here ({@link UserState#UNKNOWN}
     *             for a user of whom nothing is stored)
     */
    record Local(UserState user) implements ProfileLocation {
        public Local {
            Objects.requireNonNull(user, "user");
        }

        /** The profile, empty when the user is unknown or their profile cannot be opened. */
        public Optional<UserProfile> profile() {
            return user.profile();
        }

        /** What the user has been shown, as recorded here. */
        public ShownItems shown() {
            return user.shown();
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
