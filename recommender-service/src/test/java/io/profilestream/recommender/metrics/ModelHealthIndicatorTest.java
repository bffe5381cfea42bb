package io.profilestream.recommender.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.serving.ServingModels;
import io.profilestream.ml.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/** The {@code model} readiness component over a real registry and models directory, with and without the requirement. */
class ModelHealthIndicatorTest {

    @TempDir
    Path models;

    @Test
    void shouldBeUpWithStatusNoneWithoutAModelWhenNotRequired() {
        ModelRegistry registry = new ModelRegistry(models, ServingModels::load);

        Health health = new ModelHealthIndicator(registry, models, false).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsExactly(Map.entry("version", "none"), Map.entry("status", "none"),
                Map.entry("dir", models.toString()));
    }

    @Test
    void shouldBeUpWhenNoDirectoryIsConfigured() {
        ModelRegistry registry = new ModelRegistry(Path.of("."), ServingModels::load);

        Health health = new ModelHealthIndicator(registry, null, false).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsExactly(Map.entry("version", "none"), Map.entry("status", "none"),
                Map.entry("dir", "not configured"));
    }

    @Test
    void shouldBeOutOfServiceWithoutAModelWhenRequired() {
        ModelRegistry registry = new ModelRegistry(models, ServingModels::load);

        Health health = new ModelHealthIndicator(registry, models, true).health();

        assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(health.getDetails()).containsExactly(Map.entry("version", "none"), Map.entry("status", "none"),
                Map.entry("dir", models.toString()),
                Map.entry("reason", "profilestream.model.required-for-readiness is true and no model is loaded yet"));
    }

    @Test
    void shouldStayOutOfServiceWhenTheOnlyArtifactIsRefused() throws IOException {
        ModelRegistry registry = new ModelRegistry(models, ServingModels::load);
        Files.createDirectories(models.resolve("v1"));
        registry.scan();

        Health health = new ModelHealthIndicator(registry, models, true).health();

        assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(health.getDetails()).containsEntry("version", "none")
                .containsEntry("lastEvent", "refused v1: metadata.json: missing in " + models.resolve("v1"));
    }

    @Test
    void shouldBeUpOnceARequiredModelIsLoaded() throws IOException {
        ModelRegistry registry = new ModelRegistry(models, ServingModels::load);
        ModelHealthIndicator indicator = new ModelHealthIndicator(registry, models, true);
        assertThat(indicator.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);

        TestModels.exportRandom(models, "v1", 20, 4, 8, 1L);
        registry.scan();
        Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsOnlyKeys("version", "dir", "lastEvent").containsEntry("version", "v1");
        assertThat((String) health.getDetails().get("lastEvent")).startsWith("loaded v1 in ");
    }

    @Test
    void shouldStayUpWhenANewerArtifactIsRefusedWhileAnOlderModelServes() throws IOException {
        ModelRegistry registry = new ModelRegistry(models, ServingModels::load);
        TestModels.exportRandom(models, "v1", 20, 4, 8, 1L);
        registry.scan();
        Files.createDirectories(models.resolve("v2"));
        registry.scan();

        Health health = new ModelHealthIndicator(registry, models, true).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsExactly(Map.entry("version", "v1"), Map.entry("dir", models.toString()),
                Map.entry("lastEvent", "refused v2: metadata.json: missing in " + models.resolve("v2")));
    }
}
