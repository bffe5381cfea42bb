package io.profilestream.profileupdater.query;

/**
 * The profile cannot be read right now, although it may exist: Streams is starting or
 * rebalancing, or the instance owning the user did not answer. Clients should retry shortly.
 */
public final class ProfileUnavailableException extends RuntimeException {

    /** @param message why, phrased for the client */
    public ProfileUnavailableException(String message) {
        super(message);
    }

    /**
     * @param message why, phrased for the client
     * @param cause   the underlying failure, for the log only
     */
    public ProfileUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
