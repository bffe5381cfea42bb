package io.profilestream.recommender.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.ml.artifact.ModelArtifactException;
import io.profilestream.ml.serving.VersionedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The segment wiring: off without a model, the model loaded at start-up when set, a clear refusal otherwise. */
class SegmentConfigurationTest {

    static final Instant AS_OF = Instant.parse("2025-03-01T12:00:00Z");

    @TempDir
    Path dir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(SegmentConfiguration.class);

    private static Segments served(AssertableApplicationContext context) {
        return (Segments) context.getBean(VersionedModels.class).current().orElseThrow();
    }

    @Test
    void shouldHaveNoSegmentsWithoutAModel() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(VersionedModels.class));
    }

    @Test
    void shouldLoadTheConfiguredModel() throws Exception {
        TestSegmentArtifacts.write(dir, "seg-v2", TestSegmentArtifacts.member("u", AS_OF), AS_OF);

        runner.withPropertyValues("profilestream.segments.model=" + dir).run(context -> {
            assertThat(context).hasNotFailed();
            Segments segments = served(context);
            assertThat(segments.version()).isEqualTo("seg-v2");
            assertThat(segments.k()).isEqualTo(2);
            assertThat(segments.segmentOf(TestSegmentArtifacts.member("u2", AS_OF), AS_OF).id()).isEqualTo(1);
        });
    }

    @Test
    void shouldRefuseToStartWhenNeitherTheConfiguredModelNorItsParentExists() {
        Path missing = dir.resolve("no-such-mount").resolve("nothing-here");

        runner.withPropertyValues("profilestream.segments.model=" + missing).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(
                    "profilestream.segments.model does not exist, nor does its parent directory: give the directory "
                            + "written by 'profilestream-trainer segments --out DIR' (or its segment-model.json), or a models directory of "
                            + "such versions (it may be created by the first re-fit, but its parent must exist), or unset it");
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

    @Test
    void shouldFollowAModelsDirectoryEmptyAtStartUpAndServeTheFirstVersionOnceScanned() throws Exception {
        runner.withPropertyValues("profilestream.segments.model=" + dir, "profilestream.segments.poll-interval=1h")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    VersionedModels<?> models = context.getBean(VersionedModels.class);
                    assertThat(models.current()).isEmpty();
                    assertThat(context.getBean("segmentModel", HealthIndicator.class).health().getDetails())
                            .isEqualTo(Map.of("version", "none", "directory", dir.toAbsolutePath().toString(),
                                    "reason", "waiting for a version in " + dir.toAbsolutePath()));

                    // Written aside and renamed into place, as the trainer exports: the poller's first scan may run now.
                    TestSegmentArtifacts.write(dir.resolve(".export"), "seg-2025-03-02",
                            TestSegmentArtifacts.member("u", AS_OF), AS_OF);
                    Files.move(dir.resolve(".export"), dir.resolve("seg-2025-03-02"), StandardCopyOption.ATOMIC_MOVE);
                    models.scan();

                    assertThat(served(context).version()).isEqualTo("seg-2025-03-02");
                });
    }

    @Test
    void shouldSayWhichSegmentModelIsServedInHealth() throws Exception {
        TestSegmentArtifacts.write(dir, "seg-v2", TestSegmentArtifacts.member("u", AS_OF), AS_OF);

        runner.withPropertyValues("profilestream.segments.model=" + dir).run(context -> assertThat(
                context.getBean("segmentModel", HealthIndicator.class).health().getDetails())
                .isEqualTo(Map.of("version", "seg-v2", "segments", 2)));
        runner.run(context -> assertThat(context.getBean("segmentModel", HealthIndicator.class).health().getDetails())
                .isEqualTo(Map.of("version", "none", "reason", "profilestream.segments.model is not set")));
    }

    @Test
    void shouldRefuseToStartWithAPollIntervalOverAnHour() {
        runner.withPropertyValues("profilestream.segments.model=" + dir, "profilestream.segments.poll-interval=2h")
                .run(context -> assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(
                        "profilestream.segments.poll-interval must be at most 1h (a re-fit would wait longer)"));
    }
}
