package io.profilestream.profileupdater.query;

import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.streams.KeyOwner;
import java.util.Optional;

/** This instance's view of the partitioned profile store. */
public interface ProfileStoreGateway {

    /**
     * Which instance owns the user's partition.
     *
     * @throws ProfileUnavailableException while no instance owns it (starting, rebalancing)
     */
    KeyOwner owner(String userKey);

    /**
     * The profile in this instance's store, opened; empty when there is none or its data key is
     * gone (crypto-shredded) or it cannot be opened.
     *
     * @throws ProfileUnavailableException while the local store is not queryable
     */
    Optional<UserProfile> local(String userKey);
}
