package io.profilestream.recommender.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.serving.ServingModel;
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

/**
 * What operators see of the model lifecycle, with a real {@link ModelRegistry} over a real models
 * directory: the version gauge, load and refusal counts, and the {@code model} health details.
 */
class ModelLifecycleMetricsTest {

    @TempDir
    Path models;

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final RecommenderMetrics metrics = new RecommenderMetrics(meters);

    double events(String outcome) {
        return meters.get(RecommenderMetrics.MODEL_EVENTS).tag("outcome", outcome).counter().count();
    }

    Map<String, Double> loadedGauges() {
        Map<String, Double> byVersion = new java.util.TreeMap<>();
        for (Gauge gauge : meters.find(RecommenderMetrics.MODEL_LOADED).gauges()) {
            byVersion.put(gauge.getId().getTag("version"), gauge.value());
        }
        return byVersion;
    }

    @Test
    void shouldPublishTheServedVersionAndKeepItWhenANewerArtifactIsRefused() throws IOException {
        ModelRegistry registry = new ModelRegistry(models, ServingModels::load);
        registry.addListener(metrics::onModelEvent);
        ModelHealthIndicator health = new ModelHealthIndicator(registry, models, false);
        assertThat(health.health().getDetails()).containsExactly(Map.entry("version", "none"),
                Map.entry("status", "none"), Map.entry("dir", models.toString()));

        TestModels.exportRandom(models, "v1", 20, 4, 8, 1L);
        registry.scan();
        assertThat(loadedGauges()).containsExactly(Map.entry("v1", 1.0));
        assertThat(events("loaded")).isEqualTo(1.0);

        Files.createDirectories(models.resolve("v2"));
        registry.scan();
        assertThat(registry.current().map(ServingModel::version)).contains("v1");
        assertThat(loadedGauges()).containsExactly(Map.entry("v1", 1.0));
        assertThat(events("refused")).isEqualTo(1.0);
        Health refused = health.health();
        assertThat(refused.getStatus()).isEqualTo(Status.UP);
        assertThat(refused.getDetails()).containsExactly(Map.entry("version", "v1"), Map.entry("dir", models.toString()),
                Map.entry("lastEvent", "refused v2: metadata.json: missing in " + models.resolve("v2")));

        TestModels.exportRandom(models, "v3", 20, 4, 8, 3L);
        registry.scan();
        assertThat(loadedGauges()).containsExactly(Map.entry("v3", 1.0));
        assertThat(events("loaded")).isEqualTo(2.0);
        assertThat(health.health().getDetails().get("version")).isEqualTo("v3");
        assertThat((String) health.health().getDetails().get("lastEvent")).startsWith("loaded v3 in ");
    }
}
