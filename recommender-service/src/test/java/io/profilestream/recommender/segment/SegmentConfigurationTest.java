package io.profilestream.recommender.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.ml.artifact.ModelArtifactException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The segment wiring: off without a model, the model loaded at start-up when set, a clear refusal otherwise. */
class SegmentConfigurationTest {

    static final Instant AS_OF = Instant.parse("2025-03-01T12:00:00Z");

    @TempDir
    Path dir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(SegmentConfiguration.class);

    @Test
    void shouldHaveNoSegmentsWithoutAModel() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Segments.class));
    }

    @Test
    void shouldLoadTheConfiguredModel() throws Exception {
        TestSegmentArtifacts.write(dir, "seg-v2", TestSegmentArtifacts.member("u", AS_OF), AS_OF);

        runner.withPropertyValues("profilestream.segments.model=" + dir).run(context -> {
            assertThat(context).hasNotFailed();
            Segments segments = context.getBean(Segments.class);
            assertThat(segments.version()).isEqualTo("seg-v2");
            assertThat(segments.k()).isEqualTo(2);
            assertThat(segments.segmentOf(TestSegmentArtifacts.member("u2", AS_OF), AS_OF).id()).isEqualTo(1);
        });
    }

    @Test
    void shouldRefuseToStartWhenTheConfiguredModelDoesNotExist() {
        Path missing = dir.resolve("nothing-here");

        runner.withPropertyValues("profilestream.segments.model=" + missing).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(
                    "profilestream.segments.model does not exist: give the directory written by "
                            + "'profilestream-trainer segments --out DIR' (or its segment-model.json), or unset it");
        });
    }

    @Test
    void shouldRefuseToStartWhenTheFileIsNotASegmentModel() throws Exception {
        Files.writeString(dir.resolve("segment-model.json"), "{\"formatVersion\": 9}");

        runner.withPropertyValues("profilestream.segments.model=" + dir).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (!(failure instanceof ModelArtifactException)) {
                failure = failure.getCause();
            }
            assertThat(failure).hasMessage(dir.resolve("segment-model.json")
                    + ": not a usable segment model: format version 9 is not 1");
        });
    }

    @Test
    void shouldPlaceNoProfileWithoutEvents() throws Exception {
        Segments segments = new Segments(TestSegmentArtifacts.artifact("seg-v3",
                TestSegmentArtifacts.member("u", AS_OF), AS_OF));

        assertThat(segments.segmentOf(io.profilestream.model.profile.UserProfile.empty("u"), AS_OF)).isNull();
    }
}
