package io.profilestream.recommender.crypto;

import io.profilestream.model.crypto.UndecryptableException;
import io.profilestream.model.crypto.UserDataCipher;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of opening one sealed per-user value with the user's wrapped data key: the value,
 * or why there is none. Every reader of the profiles and impressions stores goes through
 * {@link #open}, so "no key" and "cannot be opened" mean the same everywhere: the value does not
 * exist for us (the user is unknown, their key has not arrived yet, or it was destroyed).
 *
 * <p>Neither the key nor the plaintext is ever logged here or kept in the outcome.
 *
 * @param outcome what happened
 * @param value   the opened value; non-null exactly when {@code outcome} is {@link Outcome#OPENED}
 * @param <T>     type of the opened value
 */
public record Opened<T>(Outcome outcome, T value) {

    /** Why a value was, or was not, opened. */
    public enum Outcome {
        /** Opened and parsed. */
        OPENED,
        /** Nothing is stored for the user. */
        ABSENT,
        /**
         * A value is stored but the user has no data key: it has not arrived yet (keys and values
         * travel on separate topics) or it was destroyed (erasure, withdrawn consent).
         */
        NO_KEY,
        /**
         * Key and value are there but do not open: the value was sealed under an earlier,
         * destroyed key, the key is wrapped under a master key this service does not hold, or
         * the bytes were altered.
         */
        UNDECRYPTABLE
    }

    public Opened {
        Objects.requireNonNull(outcome, "outcome");
        if ((outcome == Outcome.OPENED) != (value != null)) {
            throw new IllegalArgumentException("a value goes with OPENED and only with it, got " + outcome);
        }
    }

    /**
     * Opens {@code sealed} for {@code userKey}.
     *
     * @param wrappedKey the user's wrapped data key, null when there is none
     * @param sealed     the stored value, null when there is none
     */
    public static <T> Opened<T> open(UserDataCipher cipher, String userKey, byte[] wrappedKey, byte[] sealed,
                                     Class<T> type) {
        if (sealed == null) {
            return new Opened<>(Outcome.ABSENT, null);
        }
        if (wrappedKey == null) {
            return new Opened<>(Outcome.NO_KEY, null);
        }
        try {
            return new Opened<>(Outcome.OPENED, cipher.openJson(userKey, wrappedKey, sealed, type));
        } catch (UndecryptableException e) {
            // The exception's message names only the failed step, never key material; it is not
            // logged either: callers count the outcome, and a log line per request would flood.
            return new Opened<>(Outcome.UNDECRYPTABLE, null);
        }
    }

    /** The opened value, empty for every other outcome. */
    public Optional<T> asOptional() {
        return Optional.ofNullable(value);
    }
}
