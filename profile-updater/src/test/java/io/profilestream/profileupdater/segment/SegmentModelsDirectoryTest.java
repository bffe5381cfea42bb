package io.profilestream.profileupdater.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.ml.churn.ChurnArtifact;
import io.profilestream.ml.serving.VersionedModels;
import io.profilestream.profileupdater.churn.TestChurnArtifacts;
import io.profilestream.profileupdater.profile.ProfileSettings;
import io.profilestream.profileupdater.refit.TestExports;
import java.nio.file.Files;
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
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * {@code profilestream.segments.model} naming a models directory the trainer re-fits into: versions
 * are swapped in at a scan (called directly here; the poller calls the same method), bad ones are
 * refused with the previous one kept, and health says what is served and what was refused.
 */
class SegmentModelsDirectoryTest {

    static final String V1 = "2025-03-01T000000Z-seg";
    static final String V2 = "2025-03-02T000000Z-seg";
    static final String V3 = "2025-03-03T000000Z-seg";

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ProfileSettings.class)
    static class ProfileSettingsConfig {
    }

    @TempDir
    Path models;

    // A poll interval of an hour: the test scans itself, the poller only runs its first scan.
    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withUserConfiguration(ProfileSettingsConfig.class, SegmentConfiguration.class)
                .withBean(Clock.class, () -> Clock.fixed(TestChurnArtifacts.AS_OF, ZoneOffset.UTC))
                .withPropertyValues("profilestream.segments.model=" + models, "profilestream.segments.poll-interval=1h");
    }

    private void export(String version) throws Exception {
        TestExports.export(models, version, dir -> TestSegmentArtifacts.write(dir, version));
    }

    private static UserSegment segmentOfU1(AssertableApplicationContext context) {
        return context.getBean(SegmentAssigner.class).segmentOf(TestChurnArtifacts.profile("u1"));
    }

    private static VersionedModels<?> models(AssertableApplicationContext context) {
        return context.getBean(SegmentAssigner.class).models();
    }

    private static Map<String, Object> health(AssertableApplicationContext context) {
        var health = context.getBean("segmentModel", HealthIndicator.class).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        return health.getDetails();
    }

    @Test
    void shouldPlaceProfilesWithANewVersionOnceAScanFindsIt() throws Exception {
        export(V1);

        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(segmentOfU1(context)).isEqualTo(new UserSegment(1, TestSegmentArtifacts.SEGMENT_1, V1));

            export(V2);
            models(context).scan();

            assertThat(segmentOfU1(context)).isEqualTo(new UserSegment(1, TestSegmentArtifacts.SEGMENT_1, V2));
            assertThat(health(context)).isEqualTo(Map.of("version", V2, "segments", 2,
                    "directory", models.toAbsolutePath().toString()));
        });
    }

    @Test
    void shouldStartWithAnEmptyDirectoryAndPlaceProfilesOnceTheFirstVersionAppears() throws Exception {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(segmentOfU1(context)).isNull();
            assertThat(health(context)).isEqualTo(Map.of("version", "none",
                    "directory", models.toAbsolutePath().toString(),
                    "reason", "waiting for a version in " + models.toAbsolutePath()));

            export(V1);
            models(context).scan();

            assertThat(segmentOfU1(context)).isEqualTo(new UserSegment(1, TestSegmentArtifacts.SEGMENT_1, V1));
        });
    }

    @Test
    void shouldWaitForAModelsDirectoryTheFirstRefitHasNotCreatedYet() throws Exception {
        Path notYet = models.resolve("segments");

        runner().withPropertyValues("profilestream.segments.model=" + notYet).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(segmentOfU1(context)).isNull();
            assertThat(health(context)).isEqualTo(Map.of("version", "none",
                    "directory", notYet.toAbsolutePath().toString(),
                    "reason", "waiting for a version in " + notYet.toAbsolutePath()));

            TestExports.export(notYet, V1, dir -> TestSegmentArtifacts.write(dir, V1));
            models(context).scan();

            assertThat(segmentOfU1(context)).isEqualTo(new UserSegment(1, TestSegmentArtifacts.SEGMENT_1, V1));
        });
    }

    @Test
    void shouldRefuseABrokenVersionKeepThePreviousOneAndSayWhyInHealth() throws Exception {
        export(V1);

        runner().run(context -> {
            Path broken = TestExports.export(models, V2, dir -> Files.writeString(dir.resolve("segment-model.json"),
                    "{\"formatVersion\": 9}")).resolve("segment-model.json");
            models(context).scan();

            assertThat(segmentOfU1(context).modelVersion()).isEqualTo(V1);
            assertThat(health(context)).isEqualTo(Map.of("version", V1, "segments", 2,
                    "directory", models.toAbsolutePath().toString(), "lastRefused", V2,
                    "lastRefusedReason", broken.toAbsolutePath() + ": not a usable segment model: format version 9 is not 1"));
        });
    }

    @Test
    void shouldRefuseAVersionFittedOnProfilesFoldedDifferentlyAndKeepThePreviousOne() throws Exception {
        export(V1);

        runner().run(context -> {
            TestExports.export(models, V2, dir -> TestSegmentArtifacts.artifact(V2,
                    new ChurnArtifact.Fold(Duration.ofMinutes(10), Duration.ofDays(7), 50)).write(dir));
            models(context).scan();

            assertThat(segmentOfU1(context).modelVersion()).isEqualTo(V1);
            assertThat(health(context)).containsEntry("lastRefused", V2).containsEntry("lastRefusedReason",
                    models.toAbsolutePath().resolve(V2) + ": segment model " + V2 + " was fitted on profiles folded with "
                            + "Fold[sessionGap=PT10M, affinityHalfLife=PT168H, maxAffinityEntries=50], but this service "
                            + "folds with Fold[sessionGap=PT30M, affinityHalfLife=PT168H, maxAffinityEntries=50] "
                            + "(profilestream.profile.*): re-fit it with these settings");
        });
    }

    @Test
    void shouldRefuseAVersionWhoseArtifactNamesAnotherVersion() throws Exception {
        export(V1);

        runner().run(context -> {
            TestExports.export(models, V2, dir -> TestSegmentArtifacts.write(dir, V3));
            models(context).scan();

            assertThat(segmentOfU1(context).modelVersion()).isEqualTo(V1);
            assertThat(health(context)).containsEntry("lastRefused", V2).containsEntry("lastRefusedReason",
                    "segment-model.json says version " + V3 + " but the directory is named " + V2);
        });
    }

    @Test
    void shouldServeThePinnedOlderVersionAndIgnoreExportsInProgress() throws Exception {
        export(V1);
        export(V2);
        TestSegmentArtifacts.write(models.resolve(".export-" + V3), V3); // an export in progress
        Files.writeString(models.resolve(VersionedModels.CURRENT_FILE), V1 + "\n");

        runner().run(context -> {
            assertThat(segmentOfU1(context).modelVersion()).isEqualTo(V1);

            Files.delete(models.resolve(VersionedModels.CURRENT_FILE));
            models(context).scan();

            assertThat(segmentOfU1(context).modelVersion()).isEqualTo(V2);
        });
    }

    @Test
    void shouldRefuseToStartWithAPollIntervalUnder100Ms() {
        runner().withPropertyValues("profilestream.segments.poll-interval=10ms").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("profilestream.segments.poll-interval must be at least 100ms");
        });
    }
}
