package io.profilestream.model.crypto;

/**
 * A sealed value or wrapped key could not be opened: its data key was destroyed (the user was
 * erased), it was sealed for another user, under an unknown master key, or it was altered.
 */
public class UndecryptableException extends RuntimeException {

    /** @param message what could not be opened, never the key or the plaintext */
    public UndecryptableException(String message) {
        super(message);
    }

    /** @param message what could not be opened; @param cause the JCE failure */
    public UndecryptableException(String message, Throwable cause) {
        super(message, cause);
    }
}
