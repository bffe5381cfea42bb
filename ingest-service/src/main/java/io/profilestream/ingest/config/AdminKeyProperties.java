package io.profilestream.ingest.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The key that guards the admin endpoints ({@code /v1/users/**}, right to erasure), bound from
 * {@code profilestream.ingest.admin-key} (env {@code PROFILESTREAM_INGEST_ADMIN_KEY}). Kept apart
 * from {@link IngestProperties} because it has no default: a missing key must stop start-up rather
 * than leave erasure open to anyone, while the ingest limits all have safe defaults.
 *
 * @param adminKey the secret callers send in {@code X-Api-Key}; at least {@value #MIN_LENGTH} characters
 */
@Validated
@ConfigurationProperties("profilestream.ingest")
public record AdminKeyProperties(
        @NotBlank(message = "profilestream.ingest.admin-key is not set. Set it (env PROFILESTREAM_INGEST_ADMIN_KEY, at least "
                + MIN_LENGTH + " random characters) or run with the 'local' profile for a demo")
        @Size(min = MIN_LENGTH, message = "profilestream.ingest.admin-key (env PROFILESTREAM_INGEST_ADMIN_KEY) must be at least "
                + MIN_LENGTH + " characters long")
        String adminKey) {

    /** Shortest key accepted: shorter keys are guessable by brute force over HTTP. */
    public static final int MIN_LENGTH = 16;

    /**
     * The publicly known key {@code application-local.yml} sets for the {@code local} profile, so
     * the demo needs no setup. A service running with it has no admin protection at all.
     */
    public static final String LOCAL_DEVELOPMENT_KEY = "local-admin-key-not-secret";

    /** Whether this is the public development key, which protects nothing. */
    public boolean isLocalDevelopmentKey() {
        return LOCAL_DEVELOPMENT_KEY.equals(adminKey);
    }

    @Override
    public String toString() {
        // Never print the key, even in a config dump or a failure analysis.
        return "AdminKeyProperties[adminKey=" + (adminKey == null || adminKey.isEmpty() ? "<unset>" : "<redacted>") + "]";
    }
}
