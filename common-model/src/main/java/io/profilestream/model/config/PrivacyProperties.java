package io.profilestream.model.config;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The pseudonymisation keys shared by ingest, the privacy filter and the recommender
 * ({@code profilestream.privacy.*}).
 *
 * <p>Key rotation: set the new key as {@code hmac-key}/{@code key-id} and the old one as
 * {@code previous-hmac-key}/{@code previous-key-id} for a grace period, during which a user's
 * next event moves their profile from the old pseudonym to the new one (docs/PRIVACY.md).
 *
 * @param hmacKey         secret HMAC-SHA256 key, at least 32 characters; required outside the
 *                        {@code local} profile
 * @param keyId           short id of that key, written next to every pseudonym
 * @param previousHmacKey the key before the last rotation, during its grace period; empty otherwise
 * @param previousKeyId   id of the previous key; must differ from {@code keyId}
 */
@Validated
@ConfigurationProperties("profilestream.privacy")
public record PrivacyProperties(
        @DefaultValue("") String hmacKey,
        @DefaultValue("k1") @NotBlank String keyId,
        @DefaultValue("") String previousHmacKey,
        @DefaultValue("") String previousKeyId) {

    /** Binds every component (the constructor Spring uses). */
    @org.springframework.boot.context.properties.bind.ConstructorBinding
    public PrivacyProperties {
    }

    /** One key, no rotation in progress. */
    public PrivacyProperties(String hmacKey, String keyId) {
        this(hmacKey, keyId, "", "");
    }

    /** Whether a rotation's grace period is in progress (a previous key is configured). */
    public boolean rotating() {
        return !previousHmacKey.isEmpty();
    }

    @Override
    public String toString() {
        // Never print the key, even in a config dump.
        return "PrivacyProperties[keyId=" + keyId + ", hmacKey=" + (hmacKey.isEmpty() ? "<unset>" : "<redacted>")
                + ", previousKeyId=" + previousKeyId + ", previousHmacKey="
                + (previousHmacKey.isEmpty() ? "<unset>" : "<redacted>") + "]";
    }
}
