package io.profilestream.model.crypto;

import io.profilestream.model.config.EncryptionProperties;
import io.profilestream.model.serde.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Envelope encryption of per-user values at rest (crypto-shredding). Each user has a random
 * AES-256 data key; it is stored only <em>wrapped</em>: sealed with AES-256-GCM under the master
 * key. Every per-user value in a state store or compacted topic is sealed with AES-256-GCM under
 * the user's data key, with the user's pseudonym as associated data, so a value copied to another
 * user's key does not open. Destroying the wrapped data key (erasure) makes every copy of every
 * value sealed under it unreadable, including changelog segments not yet compacted and backups.
 *
 * <p>Formats (all little surprises avoided: a version byte first, so either can evolve):
 * <ul>
 *   <li>wrapped data key: {@code 0x01 | len(masterKeyId) | masterKeyId (ASCII) | nonce (12) | GCM(dataKey) (32 + 16)};</li>
 *   <li>sealed value: {@code 0x01 | nonce (12) | GCM(plaintext) (n + 16)}.</li>
 * </ul>
 * Nonces are random: at 2^32 values per data key the collision risk stays below 2^-32 (NIST SP
 * 800-38D), far beyond one shopper's profile updates between two erasures.
 *
 * <p>Thread-safe; a {@link Cipher} per thread, because creating one costs more than sealing a profile.
 */
public final class UserDataCipher {

    /** Length of a data key in bytes (AES-256). */
    public static final int DATA_KEY_BYTES = 32;
    /** Shortest master secret accepted. */
    public static final int MIN_MASTER_KEY_CHARS = 32;

    /** Public master secret used only under the {@code local} profile; protects nothing. */
    static final String LOCAL_DEVELOPMENT_MASTER_KEY = "profilestream-local-development-master-key-not-secret";

    private static final Logger LOG = LoggerFactory.getLogger(UserDataCipher.class);
    private static final byte FORMAT = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String masterKeyId;
    private final byte[] masterKeyIdBytes;
    private final SecretKey masterKey;
    private final SecureRandom random = new SecureRandom();
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(UserDataCipher::newCipher);

    /**
     * @param masterKeyId id written into every wrapped key (1-32 ASCII characters)
     * @param masterKey   AES-256 master key bytes
     */
    public UserDataCipher(String masterKeyId, byte[] masterKey) {
        if (masterKey.length != DATA_KEY_BYTES) {
            throw new IllegalArgumentException("master key must be " + DATA_KEY_BYTES + " bytes, got " + masterKey.length);
        }
        this.masterKeyIdBytes = masterKeyId.getBytes(StandardCharsets.US_ASCII);
        if (masterKeyIdBytes.length == 0 || masterKeyIdBytes.length > 32) {
            throw new IllegalArgumentException("master key id must be 1-32 ASCII characters");
        }
        this.masterKeyId = masterKeyId;
        this.masterKey = new SecretKeySpec(masterKey.clone(), "AES");
    }

    /**
     * The cipher a service runs with, refusing to start without a master key unless the
     * {@code local} profile is active.
     *
     * @throws IllegalStateException when no usable master key is configured outside the local profile
     */
    public static UserDataCipher fromProperties(EncryptionProperties properties, boolean localProfile) {
        String secret = properties.masterKey();
        if (secret.isEmpty()) {
            if (!localProfile) {
                throw new IllegalStateException("profilestream.encryption.master-key is not set. Set it (env "
                        + "PROFILESTREAM_ENCRYPTION_MASTER_KEY, at least " + MIN_MASTER_KEY_CHARS + " random characters, "
                        + "the same value in profile-updater and recommender-service) or run with the 'local' profile "
                        + "for a demo.");
            }
            LOG.warn("Using the public local-development master key: data at rest is NOT protected. Never do this in production.");
            secret = LOCAL_DEVELOPMENT_MASTER_KEY;
        }
        if (secret.length() < MIN_MASTER_KEY_CHARS) {
            throw new IllegalStateException("profilestream.encryption.master-key is " + secret.length()
                    + " characters long; it must be at least " + MIN_MASTER_KEY_CHARS);
        }
        return new UserDataCipher(properties.masterKeyId(), sha256(secret.getBytes(StandardCharsets.UTF_8)));
    }

    /** The id of the master key new data keys are wrapped under. */
    public String masterKeyId() {
        return masterKeyId;
    }

    /** A new random data key for {@code userKey}, already wrapped: the only form ever stored. */
    public byte[] newWrappedKey(String userKey) {
        byte[] dataKey = new byte[DATA_KEY_BYTES];
        random.nextBytes(dataKey);
        byte[] nonce = nonce();
        byte[] sealed = run(Cipher.ENCRYPT_MODE, masterKey, nonce, aad(userKey), dataKey, "wrap a data key");
        ByteBuffer out = ByteBuffer.allocate(2 + masterKeyIdBytes.length + NONCE_BYTES + sealed.length);
        out.put(FORMAT).put((byte) masterKeyIdBytes.length).put(masterKeyIdBytes).put(nonce).put(sealed);
        return out.array();
    }

    /**
     * A user's data key, unwrapped for the work on one record (open the stored value, seal the new
     * one) so that work unwraps once. Never persisted or logged; besides the stack of that work it
     * is held only in memory next to the profile it opened, by the services' bounded caches of
     * opened profiles, which drop it with the profile.
     */
    public static final class DataKey {
        private final String userKey;
        private final SecretKey key;

        private DataKey(String userKey, SecretKey key) {
            this.userKey = userKey;
            this.key = key;
        }

        @Override
        public String toString() {
            return "DataKey[<redacted>]";
        }
    }

    /**
     * Unwraps {@code userKey}'s data key.
     *
     * @throws UndecryptableException when it is missing, not for this user, or wrapped under
     *                                another master key
     */
    public DataKey unwrapKey(String userKey, byte[] wrappedKey) {
        return new DataKey(userKey, unwrap(userKey, wrappedKey));
    }

    /** Seals {@code plaintext} for {@code userKey} under the data key {@code wrappedKey}. */
    public byte[] seal(String userKey, byte[] wrappedKey, byte[] plaintext) {
        return seal(unwrapKey(userKey, wrappedKey), plaintext);
    }

    /** Seals {@code plaintext} under an unwrapped data key, for the key's user. */
    public byte[] seal(DataKey dataKey, byte[] plaintext) {
        byte[] nonce = nonce();
        byte[] sealed = run(Cipher.ENCRYPT_MODE, dataKey.key, nonce, aad(dataKey.userKey), plaintext, "seal a value");
        ByteBuffer out = ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length);
        out.put(FORMAT).put(nonce).put(sealed);
        return out.array();
    }

    /**
     * Opens a value sealed by {@link #seal}.
     *
     * @throws UndecryptableException when the key or value is not for this user, was altered, or
     *                                is of an unknown format
     */
    public byte[] open(String userKey, byte[] wrappedKey, byte[] sealedValue) {
        checkSealed(sealedValue);
        return open(unwrapKey(userKey, wrappedKey), sealedValue);
    }

    /** Opens a value sealed by {@link #seal} with an unwrapped data key; throws as {@link #open(String, byte[], byte[])}. */
    public byte[] open(DataKey dataKey, byte[] sealedValue) {
        checkSealed(sealedValue);
        byte[] nonce = java.util.Arrays.copyOfRange(sealedValue, 1, 1 + NONCE_BYTES);
        return run(Cipher.DECRYPT_MODE, dataKey.key, nonce, aad(dataKey.userKey),
                java.util.Arrays.copyOfRange(sealedValue, 1 + NONCE_BYTES, sealedValue.length), "open a value");
    }

    /** {@link #seal} of {@code value} as the shared JSON. */
    public byte[] sealJson(String userKey, byte[] wrappedKey, Object value) {
        return sealJson(unwrapKey(userKey, wrappedKey), value);
    }

    /** {@link #seal(DataKey, byte[])} of {@code value} as the shared JSON. */
    public byte[] sealJson(DataKey dataKey, Object value) {
        try {
            return seal(dataKey, Json.mapper().writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** {@link #open} then JSON to {@code type}. */
    public <T> T openJson(String userKey, byte[] wrappedKey, byte[] sealedValue, Class<T> type) {
        checkSealed(sealedValue);
        return openJson(unwrapKey(userKey, wrappedKey), sealedValue, type);
    }

    /** {@link #open(DataKey, byte[])} then JSON to {@code type} ({@link Json#mapperFor}). */
    public <T> T openJson(DataKey dataKey, byte[] sealedValue, Class<T> type) {
        byte[] json = open(dataKey, sealedValue);
        try {
            return Json.mapperFor(type).readValue(json, type);
        } catch (IOException e) {
            throw new UndecryptableException("opened value is not a " + type.getSimpleName(), e);
        }
    }

    private static void checkSealed(byte[] sealedValue) {
        if (sealedValue == null || sealedValue.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealedValue[0] != FORMAT) {
            throw new UndecryptableException("not a sealed value of format " + FORMAT);
        }
    }

    private SecretKey unwrap(String userKey, byte[] wrappedKey) {
        if (wrappedKey == null || wrappedKey.length < 2 || wrappedKey[0] != FORMAT) {
            throw new UndecryptableException("no data key, or not a wrapped key of format " + FORMAT);
        }
        int idLength = wrappedKey[1];
        int nonceAt = 2 + idLength;
        if (idLength <= 0 || wrappedKey.length != nonceAt + NONCE_BYTES + DATA_KEY_BYTES + TAG_BITS / 8) {
            throw new UndecryptableException("wrapped data key has the wrong length");
        }
        String id = new String(wrappedKey, 2, idLength, StandardCharsets.US_ASCII);
        if (!id.equals(masterKeyId)) {
            throw new UndecryptableException("data key is wrapped under master key '" + id + "', this service holds '"
                    + masterKeyId + "'");
        }
        byte[] nonce = java.util.Arrays.copyOfRange(wrappedKey, nonceAt, nonceAt + NONCE_BYTES);
        byte[] dataKey = run(Cipher.DECRYPT_MODE, masterKey, nonce, aad(userKey),
                java.util.Arrays.copyOfRange(wrappedKey, nonceAt + NONCE_BYTES, wrappedKey.length), "unwrap a data key");
        return new SecretKeySpec(dataKey, "AES");
    }

    private byte[] run(int mode, SecretKey key, byte[] nonce, byte[] aad, byte[] input, String what) {
        Cipher cipher = ciphers.get();
        try {
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new UndecryptableException("cannot " + what + ": authentication failed (wrong user, key or altered data)", e);
        } catch (GeneralSecurityException e) {
            throw new UndecryptableException("cannot " + what, e);
        }
    }

    private byte[] nonce() {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        return nonce;
    }

    private static byte[] aad(String userKey) {
        return userKey.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable in this JVM", e);
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM unavailable in this JVM", e);
        }
    }
}
