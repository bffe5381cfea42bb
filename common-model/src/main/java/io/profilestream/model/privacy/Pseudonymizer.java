package io.profilestream.model.privacy;

import io.profilestream.model.config.PrivacyProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed HMAC-SHA256 pseudonyms. The same id and key always give the same pseudonym, so every
 * service that holds the key can find a user's state without ever storing the raw id; without
 * the key, pseudonyms cannot be reversed or recomputed from guessed ids.
 */
public final class Pseudonymizer {

    /** Shortest key accepted: HMAC-SHA256 keys shorter than the 32-byte output weaken it. */
    public static final int MIN_KEY_BYTES = 32;

    /**
     * Publicly known key used only under the {@code local} profile so the demo runs with no
     * setup. Pseudonyms made with it protect nothing.
     */
    static final String LOCAL_DEVELOPMENT_KEY = "profilestream-local-development-key-not-secret";

    private static final Logger LOG = LoggerFactory.getLogger(Pseudonymizer.class);

    /** What is being pseudonymised; part of the MAC input so a user id and a session id never collide. */
    public enum Domain { USER, SESSION }

    private final String keyId;
    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    /**
     * @param keyId id recorded next to each pseudonym
     * @param key   secret key bytes, at least {@value #MIN_KEY_BYTES}
     */
    public Pseudonymizer(String keyId, byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("HMAC key must be at least " + MIN_KEY_BYTES + " bytes, got " + key.length);
        }
        this.keyId = keyId;
        this.key = new SecretKeySpec(key, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /**
     * Builds the pseudonymizer a service runs with, refusing to start without a key unless the
     * {@code local} profile is active.
     *
     * @throws IllegalStateException when no usable key is configured outside the local profile
     */
    public static Pseudonymizer fromProperties(PrivacyProperties properties, boolean localProfile) {
        String configured = properties.hmacKey();
        if (configured.isEmpty()) {
            if (!localProfile) {
                throw new IllegalStateException("profilestream.privacy.hmac-key is not set. Set it (env "
                        + "PROFILESTREAM_PRIVACY_HMAC_KEY, at least " + MIN_KEY_BYTES + " random characters, the same "
                        + "value in privacy-filter and recommender-service) or run with the 'local' profile for a demo.");
            }
            LOG.warn("Using the public local-development HMAC key: pseudonyms are NOT protected. Never do this in production.");
            configured = LOCAL_DEVELOPMENT_KEY;
        }
        byte[] bytes = configured.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_KEY_BYTES) {
            throw new IllegalStateException("profilestream.privacy.hmac-key is " + bytes.length
                    + " bytes long; it must be at least " + MIN_KEY_BYTES);
        }
        return new Pseudonymizer(properties.keyId(), bytes);
    }

    /**
     * The pseudonymizer of the previous key during a rotation's grace period, empty when no
     * rotation is in progress.
     *
     * @throws IllegalStateException when the previous key is too short, has no id, or has the
     *                               current key's id
     */
    public static java.util.Optional<Pseudonymizer> previousFromProperties(PrivacyProperties properties) {
        if (!properties.rotating()) {
            return java.util.Optional.empty();
        }
        byte[] bytes = properties.previousHmacKey().getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_KEY_BYTES) {
            throw new IllegalStateException("profilestream.privacy.previous-hmac-key is " + bytes.length
                    + " bytes long; it must be at least " + MIN_KEY_BYTES);
        }
        String id = properties.previousKeyId();
        if (id.isBlank() || id.equals(properties.keyId())) {
            throw new IllegalStateException("profilestream.privacy.previous-key-id must be set and differ from "
                    + "profilestream.privacy.key-id ('" + properties.keyId() + "') while previous-hmac-key is set");
        }
        return java.util.Optional.of(new Pseudonymizer(id, bytes));
    }

    /** The id of the key in use. */
    public String keyId() {
        return keyId;
    }

    /** The pseudonym of {@code id} in {@code domain}: 64 lower-case hex characters. */
    public String pseudonymize(Domain domain, String id) {
        // Encode before touching the shared Mac: a failure half-way would leave input buffered in
        // this thread's Mac and silently corrupt every later pseudonym on the thread.
        byte[] input = id.getBytes(StandardCharsets.UTF_8);
        Mac mac = macs.get();
        mac.update(domain.name().getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) 0);
        return HexFormat.of().formatHex(mac.doFinal(input));
    }

    /** Shorthand for {@code pseudonymize(Domain.USER, userId)}. */
    public String user(String userId) {
        return pseudonymize(Domain.USER, userId);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable in this JVM", e);
        }
    }
}
