package io.profilestream.profileupdater.query;

/** A path user key that is not a pseudonym (64 lower-case hex characters). */
public final class InvalidUserKeyException extends RuntimeException {

    /** Constructed without the rejected value, which may be personal data and must not reach logs. */
    public InvalidUserKeyException() {
        super("userKey must be 64 lower-case hex characters (an HMAC-SHA256 pseudonym)");
    }
}
