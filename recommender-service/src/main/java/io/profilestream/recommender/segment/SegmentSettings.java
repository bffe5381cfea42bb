package io.profilestream.recommender.segment;

import jakarta.validation.constraints.AssertTrue;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The user segment model ({@code profilestream.segments.*}), as in profile-updater.
 *
 * @param model the artifact the trainer's {@code segments --out DIR} wrote: that directory or its
 *              {@code segment-model.json}. Not set: no {@code GET /v1/segments} (404) and no
 *              {@code segment} in the dashboard's user view. Set: it must load, or the service does
 *              not start (a typo must not silently turn the feature off)
 */
@Validated
@ConfigurationProperties("profilestream.segments")
public record SegmentSettings(Path model) {

    /** True when a segment model is configured. */
    public boolean enabled() {
        return model != null;
    }

    /** Bean Validation hook: a configured path must exist before the model is even read. */
    @AssertTrue(message = "profilestream.segments.model does not exist: give the directory written by "
            + "'profilestream-trainer segments --out DIR' (or its segment-model.json), or unset it")
    public boolean isModelPresentWhenSet() {
        return model == null || Files.exists(model);
    }
}
