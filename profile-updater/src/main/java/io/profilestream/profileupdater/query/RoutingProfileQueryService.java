package io.profilestream.profileupdater.query;

import io.profilestream.model.streams.KeyOwner;

/** Serves a profile from the local store when this instance owns the user, otherwise asks the owner. */
public final class RoutingProfileQueryService implements ProfileQueryService {

    private final ProfileStoreGateway store;
    private final ProfileForwarder forwarder;

    /**
     * @param store     this instance's store view
     * @param forwarder how to reach other instances
     */
    public RoutingProfileQueryService(ProfileStoreGateway store, ProfileForwarder forwarder) {
        this.store = store;
        this.forwarder = forwarder;
    }

    @Override
    public ProfileAnswer find(String userKey, boolean forwarded) {
        KeyOwner owner = store.owner(userKey);
        if (!owner.local()) {
            if (forwarded) {
                // The forwarding instance and this one disagree on ownership: metadata is moving.
                // Forwarding again could ping-pong, so let the client retry once it has settled.
                throw new ProfileUnavailableException(
                        "ownership of this profile is moving between instances (rebalancing); retry shortly");
            }
            return forwarder.forward(owner.remote().orElseThrow(), userKey);
        }
        return store.local(userKey)
                .<ProfileAnswer>map(ProfileAnswer.Local::new)
                .orElseThrow(() -> new ProfileNotFoundException(userKey));
    }
}
