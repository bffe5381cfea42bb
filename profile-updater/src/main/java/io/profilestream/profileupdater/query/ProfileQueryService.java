package io.profilestream.profileupdater.query;

/**
 * Looks a profile up wherever it lives: in this instance's store or, through a forwarded request,
 * on the instance that owns the user's partition.
 */
public interface ProfileQueryService {

    /**
     * @param userKey   a valid user pseudonym (64 lower-case hex characters)
     * @param forwarded true when another instance forwarded this request; such a request is never
     *                  forwarded again
     * @return the local profile or the owner's relayed answer
     * @throws ProfileNotFoundException    when the owning store has no profile for the user
     * @throws ProfileUnavailableException when the store cannot be queried right now (starting,
     *                                     rebalancing, owner unreachable)
     */
    ProfileAnswer find(String userKey, boolean forwarded);
}
