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
 * @param requiredForReadiness whether the instance is ready only once a model is loaded: the health
 *                     component {@code model} (member of the readiness group) is then OUT_OF_SERVICE
 *                     while none is. Off by default, because profiles keep their explicit features
 *                     without a model; needs {@code dir}
 */
@Validated
@ConfigurationProperties("profilestream.model")
public record ModelSettings(
        Path dir,
        @DefaultValue("5s")
        @NotNull(message = "set profilestream.model.poll-interval (e.g. 5s)")
        @DurationMin(millis = 100, message = "profilestream.model.poll-interval must be at least 100ms")
        @DurationMax(hours = 1, message = "profilestream.model.poll-interval must be at most 1h (a new model would wait longer)")
        Duration pollInterval,
        @DefaultValue("false")
        boolean requiredForReadiness) {

    /** True when a models directory is configured. */
    public boolean enabled() {
        return dir != null;
    }

    /** Bean Validation hook: without a directory no model ever loads, so the instance would never be ready. */
    @AssertTrue(message = "profilestream.model.required-for-readiness=true needs profilestream.model.dir: "
            + "without a models directory no model is ever loaded and the instance would never become ready")
    public boolean isDirSetWhenRequiredForReadiness() {
        return !requiredForReadiness || dir != null;
    }

    /** Bean Validation hook: a configured path must not be an existing regular file. */
    @AssertTrue(message = "profilestream.model.dir must be a directory (or not exist yet), but it is a file")
    public boolean isDirNotAFile() {
        return dir == null || !Files.isRegularFile(dir);
    }
}
