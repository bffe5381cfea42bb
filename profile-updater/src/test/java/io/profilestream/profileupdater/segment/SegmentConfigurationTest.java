package io.profilestream.profileupdater.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.ml.churn.ChurnArtifact;
import io.profilestream.profileupdater.churn.TestChurnArtifacts;
import io.profilestream.profileupdater.profile.ProfileSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The segment wiring: off without a model, the model loaded and checked at start-up when set. */
class SegmentConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ProfileSettings.class)
    static class ProfileSettingsConfig {
    }

    @TempDir
    Path dir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(ProfileSettingsConfig.class, SegmentConfiguration.class)
            .withBean(Clock.class, () -> Clock.fixed(TestChurnArtifacts.AS_OF, ZoneOffset.UTC));

    @Test
    void shouldServeNoSegmentAndSaySoInHealthWithoutAModel() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(SegmentAssigner.class);
            var health = context.getBean("segmentModel", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).isEqualTo(Map.of("version", "none",
                    "reason", "profilestream.segments.model is not set"));
        });
    }

    @Test
    void shouldLoadTheConfiguredModelAndPlaceProfilesWithTheContextClock() throws Exception {
        TestSegmentArtifacts.write(dir, "seg-v2");

        runner.withPropertyValues("profilestream.segments.model=" + dir).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(SegmentAssigner.class).segmentOf(TestChurnArtifacts.profile("u1")))
                    .isEqualTo(new UserSegment(1, TestSegmentArtifacts.SEGMENT_1, "seg-v2"));
            assertThat(context.getBean("segmentModel", HealthIndicator.class).health().getDetails())
                    .isEqualTo(Map.of("version", "seg-v2", "segments", 2));
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
    void shouldRefuseToStartWhenTheModelWasFittedOnProfilesFoldedDifferently() throws Exception {
        TestSegmentArtifacts.artifact("seg-v3", new ChurnArtifact.Fold(Duration.ofMinutes(10), Duration.ofDays(7), 50))
                .write(dir);

        runner.withPropertyValues("profilestream.segments.model=" + dir).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessage(dir + ": segment model seg-v3 was fitted on "
                    + "profiles folded with Fold[sessionGap=PT10M, affinityHalfLife=PT168H, maxAffinityEntries=50], but this "
                    + "service folds with Fold[sessionGap=PT30M, affinityHalfLife=PT168H, maxAffinityEntries=50] "
                    + "(profilestream.profile.*): re-fit it with these settings");
        });
    }

    @Test
    void shouldRefuseToStartWhenTheFileIsNotASegmentModel() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("segment-model.json"), "{\"formatVersion\": 9}");

        runner.withPropertyValues("profilestream.segments.model=" + dir).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (!(failure instanceof io.profilestream.ml.artifact.ModelArtifactException)) {
                failure = failure.getCause();
            }
            assertThat(failure).hasMessage(dir.resolve("segment-model.json")
                    + ": not a usable segment model: format version 9 is not 1");
        });
    }

    @Test
    void shouldPlaceNoProfileWithoutEvents() throws Exception {
        TestSegmentArtifacts.write(dir, "seg-v4");

        runner.withPropertyValues("profilestream.segments.model=" + dir).run(context -> assertThat(
                context.getBean(SegmentAssigner.class).segmentOf(io.profilestream.model.profile.UserProfile.empty("u")))
                .isNull());
    }
}
