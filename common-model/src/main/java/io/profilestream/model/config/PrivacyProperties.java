package io.profilestream.model.config;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The pseudonymisation key shared by the privacy filter and the recommender
 * ({@code profilestream.privacy.*}).
 *
 * @param hmacKey secret HMAC-SHA256 key, at least 32 characters; required outside the
 *                {@code local} profile
 * @param keyId   short id of that key, written next to every pseudonym so keys can be rotated
 */
@Validated
@ConfigurationProperties("profilestream.privacy")
public record PrivacyProperties(
        @DefaultValue("") String hmacKey,
        @DefaultValue("k1") @NotBlank String keyId) {

    @Override
    public String toString() {
        // Never print the key, even in a config dump.
        return "PrivacyProperties[keyId=" + keyId + ", hmacKey=" + (hmacKey.isEmpty() ? "<unset>" : "<redacted>") + "]";
    }
}
