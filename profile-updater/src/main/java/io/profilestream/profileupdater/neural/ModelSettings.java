package io.profilestream.profileupdater.neural;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the next-item models come from ({@code profilestream.model.*}).
 *
 * @param dir          the models directory the trainer exports into (one sub-directory per version,
 *                     optional {@code CURRENT} pin file); it need not exist yet. Not set: the service
 *                     keeps explicit features only and profiles carry no LSTM state
 * @param pollInterval how often the directory is checked for a new version
 */
@Validated
@ConfigurationProperties("profilestream.model")
public record ModelSettings(
        Path dir,
        @DefaultValue("5s")
        @NotNull(message = "set profilestream.model.poll-interval (e.g. 5s)")
        @DurationMin(millis = 100, message = "profilestream.model.poll-interval must be at least 100ms")
        @DurationMax(hours = 1, message = "profilestream.model.poll-interval must be at most 1h (a new model would wait longer)")
        Duration pollInterval) {

    /** True when a models directory is configured. */
    public boolean enabled() {
        return dir != null;
    }

    /** Bean Validation hook: a configured path must not be an existing regular file. */
    @AssertTrue(message = "profilestream.model.dir must be a directory (or not exist yet), but it is a file")
    public boolean isDirNotAFile() {
        return dir == null || !Files.isRegularFile(dir);
    }
}
