package io.profilestream.profileupdater.segment;

import io.profilestream.ml.serving.VersionedModels;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The user segment model ({@code profilestream.segments.*}).
 *
 * @param model        not set: profiles are served without {@code segment}. Set, it (or, for a models directory, its parent) must exist (a typo
 *                     must not silently turn the feature off) and is EITHER
 *                     <ul>
 *                       <li>one artifact: the directory the trainer's {@code segments --out DIR} wrote, or its
 *                           {@code segment-model.json}. Served until the next start; it must load and fit this
 *                           service's fold settings, or the service does not start; or</li>
 *                       <li>a models directory the trainer re-fits into: one sub-directory per version
 *                           (each what {@code segments --out} writes, named by its model version), '.'-names
 *                           are exports in progress, an optional {@code CURRENT} file pins a version.
 *                           Polled every {@code poll-interval}; the newest (or pinned) version is swapped in
 *                           without a restart. It may be empty at start-up: profiles then have no
 *                           {@code segment} until a version appears. A version that does not load or
 *                           does not fit this service's fold settings is refused (logged, shown by health
 *                           component {@code segmentModel}) and the previous one stays.</li>
 *                     </ul>
 *                     Told apart by whether {@code segment-model.json} is directly inside.
 * @param pollInterval how often a models directory is looked at for a new version (a single artifact
 *                     is never re-read)
 */
@Validated
@ConfigurationProperties("profilestream.segments")
public record SegmentSettings(
        Path model,
        @DefaultValue("30s")
        @NotNull(message = "set profilestream.segments.poll-interval (e.g. 30s)")
        @DurationMin(millis = 100, message = "profilestream.segments.poll-interval must be at least 100ms")
        @DurationMax(hours = 1, message = "profilestream.segments.poll-interval must be at most 1h (a re-fit would wait longer)")
        Duration pollInterval) {

    /** True when a segment model is configured. */
    public boolean enabled() {
        return model != null;
    }

    /**
     * Bean Validation hook: a configured path must exist before the model is even read, or at least
     * its parent: a models directory the first re-fit has not created yet (e.g. {@code segments/}
     * on a fresh re-fit volume) is waited for, while a typo in the mount path still stops start-up.
     */
    @AssertTrue(message = "profilestream.segments.model does not exist, nor does its parent directory: give the "
            + "directory written by 'profilestream-trainer segments --out DIR' (or its segment-model.json), or a models directory "
            + "of such versions (it may be created by the first re-fit, but its parent must exist), or unset it")
    public boolean isModelPresentWhenSet() {
        return model == null || VersionedModels.existsOrMayAppear(model);
    }
}
