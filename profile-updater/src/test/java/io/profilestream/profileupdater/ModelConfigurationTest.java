package io.profilestream.profileupdater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.testing.TestModels;
import io.profilestream.model.event.EventType;
import io.profilestream.model.profile.NeuralState;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.profileupdater.neural.ModelRegistryMetrics;
import io.profilestream.profileupdater.neural.NeuralProfileStep;
import io.profilestream.profileupdater.neural.NeuralStep;
import io.profilestream.profileupdater.profile.ProfileSettings;
import io.profilestream.profileupdater.profile.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The model wiring: with and without a models directory, a broken export, a hot swap. */
class ModelConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ProfileSettings.class)
    static class ProfileSettingsConfig {
    }

    @TempDir
    Path models;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(ProfileSettingsConfig.class, ModelConfiguration.class)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    private static Health modelHealth(org.springframework.context.ApplicationContext context) {
        return context.getBean("model", HealthIndicator.class).health();
    }

    @Test
    void shouldRunExplicitFeaturesOnlyAndStayUpWithoutAModelsDirectory() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(ModelRegistry.class);
            NeuralStep step = context.getBean(NeuralStep.class);
            assertThat(step).isNotInstanceOf(NeuralProfileStep.class);
            NeuralState kept = new NeuralState("v0", "s", List.of(), 0, new float[]{1f}, new float[]{1f});
            assertThat(step.apply(UserProfile.empty(TestEvents.ALICE).withNeural(kept),
                    TestEvents.event(EventType.VIEW, TestEvents.T0).item("i").build()))
                    .isSameAs(kept);
            Health health = modelHealth(context);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).isEqualTo(Map.of("version", "none", "status", "none",
                    "reason", "profilestream.model.dir is not set: explicit features only"));
        });
    }

    @Test
    void shouldServeTheExportedModelFromTheStartAndPublishItsVersion() throws Exception {
        TestModels.exportRandom(models, "v1", 10, 4, 6, 1L);

        runner.withPropertyValues("profilestream.model.dir=" + models, "profilestream.model.poll-interval=1h")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ModelRegistry.class).current()).get()
                            .extracting(m -> m.version()).isEqualTo("v1");
                    assertThat(context.getBean(NeuralStep.class)).isInstanceOf(NeuralProfileStep.class);
                    assertThat(modelHealth(context).getDetails()).isEqualTo(Map.of("version", "v1"));
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    assertThat(meters.get(ModelRegistryMetrics.LOADED).tag("version", "v1").gauge().value()).isEqualTo(1.0);
                    assertThat(meters.get(ModelRegistryMetrics.LOADS).tag("outcome", "loaded").counter().count()).isEqualTo(1.0);
                });
    }

    @Test
    void shouldRefuseABrokenExportWithoutFailingAndSayWhyInHealth() throws Exception {
        Files.createDirectories(models.resolve("v9"));
        Files.writeString(models.resolve("v9").resolve("metadata.json"), "{not json");

        runner.withPropertyValues("profilestream.model.dir=" + models, "profilestream.model.poll-interval=1h")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ModelRegistry.class).current()).isEmpty();
                    Health health = modelHealth(context);
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsEntry("version", "none").containsEntry("status", "none")
                            .containsEntry("lastRefused", "v9").containsKey("lastRefusedReason");
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    assertThat(meters.get(ModelRegistryMetrics.LOADS).tag("outcome", "refused").counter().count()).isEqualTo(1.0);
                    assertThat(meters.find(ModelRegistryMetrics.LOADED).gauges()).isEmpty();
                });
    }

    @Test
    void shouldSwapInANewlyExportedVersionWhilePolling() throws Exception {
        TestModels.exportRandom(models, "v1", 10, 4, 6, 1L);

        runner.withPropertyValues("profilestream.model.dir=" + models, "profilestream.model.poll-interval=100ms")
                .run(context -> {
                    ModelRegistry registry = context.getBean(ModelRegistry.class);
                    TestModels.exportRandom(models, "v2", 10, 4, 6, 2L);

                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> registry.current().map(m -> m.version()).orElse(""), "v2"::equals);

                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    assertThat(meters.get(ModelRegistryMetrics.LOADED).tag("version", "v2").gauge().value()).isEqualTo(1.0);
                    assertThat(meters.find(ModelRegistryMetrics.LOADED).tag("version", "v1").gauge()).isNull();
                    assertThat(modelHealth(context).getDetails()).isEqualTo(Map.of("version", "v2"));
                });
    }

    @Test
    void shouldBeOutOfServiceWithoutAModelWhenReadinessRequiresOne() {
        runner.withPropertyValues("profilestream.model.dir=" + models, "profilestream.model.poll-interval=1h",
                "profilestream.model.required-for-readiness=true").run(context -> {
                    Health health = modelHealth(context);
                    assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
                    assertThat(health.getDetails()).isEqualTo(Map.of("version", "none", "status", "none",
                            "reason", "profilestream.model.required-for-readiness is true and no model is loaded yet"));
                });
    }

    @Test
    void shouldStayUpWithTheOlderModelWhenANewerExportIsRefusedEvenWhenReadinessRequiresOne() throws Exception {
        TestModels.exportRandom(models, "v1", 10, 4, 6, 1L);

        runner.withPropertyValues("profilestream.model.dir=" + models, "profilestream.model.poll-interval=1h",
                "profilestream.model.required-for-readiness=true").run(context -> {
                    Files.createDirectories(models.resolve("v2"));
                    Files.writeString(models.resolve("v2").resolve("metadata.json"), "{not json");
                    context.getBean(ModelRegistry.class).scan();

                    Health health = modelHealth(context);
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsEntry("version", "v1").containsEntry("lastRefused", "v2")
                            .containsKey("lastRefusedReason").doesNotContainKey("status");
                });
    }

    @Test
    void shouldPublishTheModelVersionAndAStepTimeHistogramForPrometheus() throws Exception {
        TestModels.exportRandom(models, "v1", 10, 4, 6, 1L);

        new ApplicationContextRunner()
                .withUserConfiguration(ProfileSettingsConfig.class, ModelConfiguration.class)
                .withBean(MeterRegistry.class, () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
                .withPropertyValues("profilestream.model.dir=" + models, "profilestream.model.poll-interval=1h")
                .run(context -> {
                    assertThat(context.getBean(NeuralStep.class)).isInstanceOf(NeuralProfileStep.class);
                    String scrape = ((PrometheusMeterRegistry) context.getBean(MeterRegistry.class)).scrape();
                    assertThat(scrape).contains("profilestream_model_loaded{version=\"v1\"} 1.0")
                            .contains("profilestream_neural_step_seconds_bucket{le=\"+Inf\"} 0");
                });
    }
}
