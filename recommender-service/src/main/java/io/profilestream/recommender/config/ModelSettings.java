package io.profilestream.recommender.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the recommender finds exported models ({@code profilestream.model.*}).
 *
 * @param dir          the models directory the trainer exports into (one sub-directory per
 *                     version, optional {@code CURRENT} pin file); unset or blank: no model is
 *                     ever loaded and the popularity fallbacks serve every request
 * @param pollInterval how often the directory is scanned for a new version
 */
@Validated
@ConfigurationProperties("profilestream.model")
public record ModelSettings(
        Path dir,
        @DefaultValue("5s") @NotNull(message = "set profilestream.model.poll-interval, e.g. 5s") Duration pollInterval) {

    /** Checked at start-up: a zero interval would make the scanner spin. */
    @AssertTrue(message = "profilestream.model.poll-interval must be at least 10ms")
    public boolean isPollIntervalPositive() {
        return pollInterval == null || pollInterval.toMillis() >= 10;
    }
}
