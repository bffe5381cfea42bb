package io.profilestream.profileupdater.churn;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.ml.churn.ChurnArtifact;
import io.profilestream.profileupdater.profile.ProfileSettings;
import io.profilestream.profileupdater.refit.TestExports;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * {@code profilestream.churn.model} naming a models directory the trainer retrains into: versions
 * are swapped in at a scan (called directly here; the poller calls the same method), a version
 * trained on differently folded profiles is refused with the previous one kept.
 */
class ChurnModelsDirectoryTest {

    static final String V1 = "2025-03-01T000000Z-churn";
    static final String V2 = "2025-03-02T000000Z-churn";

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ProfileSettings.class)
    static class ProfileSettingsConfig {
    }

    @TempDir
    Path models;

    // A poll interval of an hour: the test scans itself, the poller only runs its first scan.
    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withUserConfiguration(ProfileSettingsConfig.class, ChurnConfiguration.class)
                .withBean(Clock.class, () -> Clock.fixed(TestChurnArtifacts.AS_OF, ZoneOffset.UTC))
                .withPropertyValues("profilestream.churn.model=" + models, "profilestream.churn.poll-interval=1h");
    }

    private static ChurnRisk riskOfU1(AssertableApplicationContext context) {
        return context.getBean(ChurnScorer.class).riskOf(TestChurnArtifacts.profile("u1"));
    }

    private static Map<String, Object> health(AssertableApplicationContext context) {
        return context.getBean("churnModel", HealthIndicator.class).health().getDetails();
    }

    @Test
    void shouldScoreWithANewVersionOnceAScanFindsIt() throws Exception {
        TestExports.export(models, V1, dir -> TestChurnArtifacts.write(dir, V1));

        runner().run(context -> {
            assertThat(riskOfU1(context)).isEqualTo(new ChurnRisk(TestChurnArtifacts.EXPECTED, 48, V1, TestChurnArtifacts.AS_OF));

            TestExports.export(models, V2, dir -> TestChurnArtifacts.write(dir, V2));
            context.getBean(ChurnScorer.class).models().scan();

            assertThat(riskOfU1(context)).isEqualTo(new ChurnRisk(TestChurnArtifacts.EXPECTED, 48, V2, TestChurnArtifacts.AS_OF));
            assertThat(health(context)).isEqualTo(Map.of("version", V2, "horizonHours", 48L,
                    "directory", models.toAbsolutePath().toString()));
        });
    }

    @Test
    void shouldStartWithAnEmptyDirectoryAndScoreOnceTheFirstVersionAppears() throws Exception {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(riskOfU1(context)).isNull();
            assertThat(health(context)).isEqualTo(Map.of("version", "none",
                    "directory", models.toAbsolutePath().toString(),
                    "reason", "waiting for a version in " + models.toAbsolutePath()));

            TestExports.export(models, V1, dir -> TestChurnArtifacts.write(dir, V1));
            context.getBean(ChurnScorer.class).models().scan();

            assertThat(riskOfU1(context).modelVersion()).isEqualTo(V1);
        });
    }

    @Test
    void shouldRefuseAVersionTrainedOnProfilesFoldedDifferentlyAndKeepThePreviousOne() throws Exception {
        TestExports.export(models, V1, dir -> TestChurnArtifacts.write(dir, V1));

        runner().run(context -> {
            TestExports.export(models, V2, dir -> TestChurnArtifacts.artifact(V2,
                    new ChurnArtifact.Fold(Duration.ofMinutes(10), Duration.ofDays(7), 50)).write(dir));
            context.getBean(ChurnScorer.class).models().scan();

            assertThat(riskOfU1(context).modelVersion()).isEqualTo(V1);
            assertThat(health(context)).isEqualTo(Map.of("version", V1, "horizonHours", 48L,
                    "directory", models.toAbsolutePath().toString(), "lastRefused", V2,
                    "lastRefusedReason", models.toAbsolutePath().resolve(V2) + ": churn model " + V2
                            + " was trained on profiles folded with Fold[sessionGap=PT10M, affinityHalfLife=PT168H, "
                            + "maxAffinityEntries=50], but this service folds with Fold[sessionGap=PT30M, "
                            + "affinityHalfLife=PT168H, maxAffinityEntries=50] (profilestream.profile.*): retrain it "
                            + "with these settings"));
        });
    }
}
