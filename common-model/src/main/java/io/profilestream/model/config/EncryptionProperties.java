package io.profilestream.model.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The master key that wraps every per-user data key ({@code profilestream.encryption.*}); the
 * profile-updater and the recommender must hold the same one.
 *
 * @param masterKey   secret of at least 32 characters (the AES-256 key is its SHA-256); required
 *                    outside the {@code local} profile
 * @param masterKeyId short id of that key, written into every wrapped data key so a later master
 *                    key can be introduced next to it
 */
@Validated
@ConfigurationProperties("profilestream.encryption")
public record EncryptionProperties(
        @DefaultValue("") String masterKey,
        @DefaultValue("m1")
        @NotBlank(message = "profilestream.encryption.master-key-id must not be blank")
        @Pattern(regexp = "[A-Za-z0-9._-]{1,32}", message = "profilestream.encryption.master-key-id must be 1-32 "
                + "characters of A-Z, a-z, 0-9, '.', '_' or '-'")
        String masterKeyId) {

    @Override
    public String toString() {
        // Never print the key, even in a config dump.
        return "EncryptionProperties[masterKeyId=" + masterKeyId + ", masterKey="
                + (masterKey.isEmpty() ? "<unset>" : "<redacted>") + "]";
    }
}
