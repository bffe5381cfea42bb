package io.profilestream.profileupdater.churn;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.ml.churn.ChurnArtifact;
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

/** The churn wiring: off without a model, the model loaded and checked at start-up when set. */
class ChurnConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ProfileSettings.class)
    static class ProfileSettingsConfig {
    }

    @TempDir
    Path dir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(ProfileSettingsConfig.class, ChurnConfiguration.class)
            .withBean(Clock.class, () -> Clock.fixed(TestChurnArtifacts.AS_OF, ZoneOffset.UTC));

    @Test
    void shouldServeNoChurnRiskAndSaySoInHealthWithoutAModel() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(ChurnScorer.class);
            var health = context.getBean("churnModel", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).isEqualTo(Map.of("version", "none",
                    "reason", "profilestream.churn.model is not set"));
        });
    }

    @Test
    void shouldLoadTheConfiguredModelAndScoreWithTheContextClock() throws Exception {
        TestChurnArtifacts.write(dir, "churn-v2");

        runner.withPropertyValues("profilestream.churn.model=" + dir).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ChurnScorer.class).riskOf(TestChurnArtifacts.profile("u1")))
                    .isEqualTo(new ChurnRisk(TestChurnArtifacts.EXPECTED, 48, "churn-v2", TestChurnArtifacts.AS_OF));
            assertThat(context.getBean("churnModel", HealthIndicator.class).health().getDetails())
                    .isEqualTo(Map.of("version", "churn-v2", "horizonHours", 48L));
        });
    }

    @Test
    void shouldRefuseToStartWhenNeitherTheConfiguredModelNorItsParentExists() {
        Path missing = dir.resolve("no-such-mount").resolve("nothing-here");

        runner.withPropertyValues("profilestream.churn.model=" + missing).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(
                    "profilestream.churn.model does not exist, nor does its parent directory: give the directory "
                            + "written by 'profilestream-trainer churn --out DIR' (or its churn-model.json), or a models directory of "
                            + "such versions (it may be created by the first re-fit, but its parent must exist), or unset it");
        });
    }

    @Test
    void shouldRefuseToStartWhenTheModelWasTrainedOnProfilesFoldedDifferently() throws Exception {
        TestChurnArtifacts.artifact("churn-v3", new ChurnArtifact.Fold(Duration.ofMinutes(10), Duration.ofDays(7), 50))
                .write(dir);

        runner.withPropertyValues("profilestream.churn.model=" + dir).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessage(dir + ": churn model churn-v3 was trained on "
                    + "profiles folded with Fold[sessionGap=PT10M, affinityHalfLife=PT168H, maxAffinityEntries=50], but this "
                    + "service folds with Fold[sessionGap=PT30M, affinityHalfLife=PT168H, maxAffinityEntries=50] "
                    + "(profilestream.profile.*): retrain it with these settings");
        });
    }
}
