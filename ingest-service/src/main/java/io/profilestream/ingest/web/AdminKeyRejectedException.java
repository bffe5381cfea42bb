package io.profilestream.ingest.web;

/** An admin request without the admin key, or with a wrong one; answered with a 401 problem. */
public final class AdminKeyRejectedException extends RuntimeException {

    private final boolean keyGiven;

    /** @param keyGiven whether a key was sent at all (it was wrong) */
    public AdminKeyRejectedException(boolean keyGiven) {
        super(keyGiven ? "wrong " + AdminKeyCheck.HEADER : "missing " + AdminKeyCheck.HEADER, null, false, false);
        this.keyGiven = keyGiven;
    }

    /** Whether a (wrong) key was sent, as opposed to none. */
    public boolean keyGiven() {
        return keyGiven;
    }
}
