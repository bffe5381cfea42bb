package io.profilestream.recommender.metrics;

import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.serving.ServingModel;
import java.nio.file.Path;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Health component {@code model}: which model version this instance serves and what happened at
 * the last scan. Always UP: without a model (none exported yet, or every candidate refused) the
 * popularity fallbacks still answer every request, so there is nothing to restart.
 */
public final class ModelHealthIndicator implements HealthIndicator {

    private final ModelRegistry registry;
    private final Path dir;

    /** @param dir the models directory, or null when none is configured */
    public ModelHealthIndicator(ModelRegistry registry, Path dir) {
        this.registry = registry;
        this.dir = dir;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up()
                .withDetail("version", registry.current().map(ServingModel::version).orElse("none"))
                .withDetail("dir", dir == null ? "not configured" : dir.toString());
        ModelRegistry.Event last = registry.lastEvent();
        if (last instanceof ModelRegistry.Event.Loaded loaded) {
            health.withDetail("lastEvent", "loaded " + loaded.version() + " in " + loaded.loadMillis() + " ms");
        } else if (last instanceof ModelRegistry.Event.Refused refused) {
            health.withDetail("lastEvent", "refused " + refused.version() + ": " + refused.reason());
        }
        return health.build();
    }
}
