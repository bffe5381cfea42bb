package io.profilestream.profileupdater.query;

/** The owning store has no profile for this user that can be opened: nothing was received for it, or it was erased. */
public final class ProfileNotFoundException extends RuntimeException {

    private final String userKey;

    /** @param userKey the user that was looked up */
    public ProfileNotFoundException(String userKey) {
        super("no profile for user key " + userKey);
        this.userKey = userKey;
    }

    /** The user that was looked up. */
    public String userKey() {
        return userKey;
    }
}
