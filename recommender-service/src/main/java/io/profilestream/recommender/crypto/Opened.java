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
        return Key.unwrap(cipher, userKey, wrappedKey).open(sealed, type);
    }

    /**
     * A user's data key unwrapped once for every value of theirs one piece of work opens (a
     * request reads the profile and the shown items), or why it cannot be: unwrapping is an AES
     * operation under the master key, worth doing once rather than per value. Never exposed,
     * persisted or logged; besides the stack of that work it is held only in memory by
     * {@code ProfileVault}'s bounded cache, next to the profile it opened.
     */
    public static final class Key {
        private final UserDataCipher cipher;
        private final UserDataCipher.DataKey dataKey;
        private final Outcome missing;

        private Key(UserDataCipher cipher, UserDataCipher.DataKey dataKey, Outcome missing) {
            this.cipher = cipher;
            this.dataKey = dataKey;
            this.missing = missing;
        }

        /**
         * Unwraps {@code userKey}'s data key; a missing or unusable key is kept as the outcome every
         * value opened with it gets ({@link Outcome#NO_KEY}, {@link Outcome#UNDECRYPTABLE}).
         *
         * @param wrappedKey the user's wrapped data key, null when there is none
         */
        public static Key unwrap(UserDataCipher cipher, String userKey, byte[] wrappedKey) {
            Objects.requireNonNull(cipher, "cipher");
            if (wrappedKey == null) {
                return new Key(cipher, null, Outcome.NO_KEY);
            }
            try {
                return new Key(cipher, cipher.unwrapKey(userKey, wrappedKey), null);
            } catch (UndecryptableException e) {
                // Not logged, as in open: callers count the outcome of each value instead.
                return new Key(cipher, null, Outcome.UNDECRYPTABLE);
            }
        }

        /**
         * Opens {@code sealed} with this key.
         *
         * @param sealed the stored value, null when there is none
         */
        public <T> Opened<T> open(byte[] sealed, Class<T> type) {
            if (sealed == null) {
                return new Opened<>(Outcome.ABSENT, null);
            }
            if (missing != null) {
                return new Opened<>(missing, null);
            }
            try {
                return new Opened<>(Outcome.OPENED, cipher.openJson(dataKey, sealed, type));
            } catch (UndecryptableException e) {
                // The exception's message names only the failed step, never key material; it is not
                // logged either: callers count the outcome, and a log line per request would flood.
                return new Opened<>(Outcome.UNDECRYPTABLE, null);
            }
        }

        @Override
        public String toString() {
            return missing == null ? "Opened.Key[<redacted>]" : "Opened.Key[" + missing + "]";
        }
    }

    /** The opened value, empty for every other outcome. */
    public Optional<T> asOptional() {
        return Optional.ofNullable(value);
    }
}
