package io.profilestream.ingest.erasure;

/**
 * The erasure-status view has not read the topic up to its end yet (just started, or the topic
 * is unreachable), so "no erasure requested" cannot be told from "not read yet"; answered 503.
 */
public final class ErasureStatusLoadingException extends RuntimeException {

    /** Creates the exception; it carries no detail beyond its type. */
    public ErasureStatusLoadingException() {
        super("the erasure status is still loading", null, false, false);
    }
}
