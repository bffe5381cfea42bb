package io.profilestream.recommender.metrics;

import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.serving.ServingModel;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Health component {@code model} (member of the readiness group): which model version this
 * instance serves and what happened at the last scan.
 *
 * <p>UP while a model is loaded, whatever happened since: a refused (broken) newer artifact leaves
 * the older model serving, so it is reported in {@code lastEvent} and never makes this DOWN.
 * Without any model (none exported yet, or every candidate refused) it is UP with
 * {@code status: none}, because the popularity fallbacks still answer every request, unless
 * {@code profilestream.model.required-for-readiness} is set: then OUT_OF_SERVICE, so the instance
 * takes no traffic until a model has loaded. Never DOWN: a missing model is nothing a restart
 * fixes.
 */
public final class ModelHealthIndicator implements HealthIndicator {

    /** The {@code version} and {@code status} detail while no model is loaded. */
    public static final String NONE = "none";

    private final ModelRegistry registry;
    private final Path dir;
    private final boolean requiredForReadiness;

    /**
     * @param dir                  the models directory, or null when none is configured
     * @param requiredForReadiness OUT_OF_SERVICE instead of UP while no model is loaded
     */
    public ModelHealthIndicator(ModelRegistry registry, Path dir, boolean requiredForReadiness) {
        this.registry = registry;
        this.dir = dir;
        this.requiredForReadiness = requiredForReadiness;
    }

    @Override
    public Health health() {
        Optional<String> version = registry.current().map(ServingModel::version);
        Health.Builder health = version.isPresent() || !requiredForReadiness ? Health.up() : Health.outOfService();
        health.withDetail("version", version.orElse(NONE));
        if (version.isEmpty()) {
            health.withDetail("status", NONE);
        }
        health.withDetail("dir", dir == null ? "not configured" : dir.toString());
        if (version.isEmpty() && requiredForReadiness) {
            health.withDetail("reason", "profilestream.model.required-for-readiness is true and no model is loaded yet");
        }
        ModelRegistry.Event last = registry.lastEvent();
        if (last instanceof ModelRegistry.Event.Loaded loaded) {
            health.withDetail("lastEvent", "loaded " + loaded.version() + " in " + loaded.loadMillis() + " ms");
        } else if (last instanceof ModelRegistry.Event.Refused refused) {
            health.withDetail("lastEvent", "refused " + refused.version() + ": " + refused.reason());
        }
        return health.build();
    }
}
