package io.profilestream.profileupdater.text;

import jakarta.validation.constraints.AssertTrue;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The text models ({@code profilestream.text.*}); each optional and independent of the other.
 * Neither set: profiles carry no text signals and are exactly as before. Set: the directory must
 * exist and load, or the service does not start (a typo must not silently turn the feature off).
 *
 * @param sentimentModel the directory written by the trainer's {@code sentiment --out DIR}
 * @param queryModel     the directory written by the trainer's {@code query-interests --out DIR}
 */
@Validated
@ConfigurationProperties("profilestream.text")
public record TextSettings(Path sentimentModel, Path queryModel) {

    /** True when at least one text model is configured. */
    public boolean enabled() {
        return sentimentModel != null || queryModel != null;
    }

    /** Bean Validation hook: a configured sentiment model directory must exist before it is read. */
    @AssertTrue(message = "profilestream.text.sentiment-model is not a directory: give the directory written by "
            + "'profilestream-trainer sentiment --out DIR', or unset it")
    public boolean isSentimentModelPresentWhenSet() {
        return sentimentModel == null || Files.isDirectory(sentimentModel);
    }

    /** Bean Validation hook: a configured query model directory must exist before it is read. */
    @AssertTrue(message = "profilestream.text.query-model is not a directory: give the directory written by "
            + "'profilestream-trainer query-interests --out DIR', or unset it")
    public boolean isQueryModelPresentWhenSet() {
        return queryModel == null || Files.isDirectory(queryModel);
    }
}
