package io.profilestream.recommender.api;

/** A store cannot answer right now (starting, restoring, rebalancing, owner unreachable); answered with 503. */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
