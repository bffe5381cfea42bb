package io.profilestream.profileupdater.churn;

import jakarta.validation.constraints.AssertTrue;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The churn-risk model ({@code profilestream.churn.*}).
 *
 * @param model the artifact the trainer's {@code churn --out DIR} wrote: that directory or its
 *              {@code churn-model.json}. Not set: profiles are served without {@code churnRisk}.
 *              Set: it must load, or the service does not start (a typo must not silently turn
 *              the feature off)
 */
@Validated
@ConfigurationProperties("profilestream.churn")
public record ChurnSettings(Path model) {

    /** True when a churn model is configured. */
    public boolean enabled() {
        return model != null;
    }

    /** Bean Validation hook: a configured path must exist before the model is even read. */
    @AssertTrue(message = "profilestream.churn.model does not exist: give the directory written by "
            + "'profilestream-trainer churn --out DIR' (or its churn-model.json), or unset it")
    public boolean isModelPresentWhenSet() {
        return model == null || Files.exists(model);
    }
}
