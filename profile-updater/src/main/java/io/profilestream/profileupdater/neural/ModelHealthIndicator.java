package io.profilestream.profileupdater.neural;

import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.serving.ServingModel;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Always UP, because explicit features are served with or without a model; the details say
 * which model version profiles are stepped with ({@value #NONE} when none) and the latest
 * refusal, so an operator sees at /actuator/health that a new export was rejected.
 */
public final class ModelHealthIndicator implements HealthIndicator {

    /** The {@code version} detail while no model is in use. */
    public static final String NONE = "none";

    private final ModelRegistry registry;

    /** @param registry the service's registry, or null when no models directory is configured */
    public ModelHealthIndicator(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Health health() {
        if (registry == null) {
            return Health.up().withDetail("version", NONE)
                    .withDetail("reason", "profilestream.model.dir is not set: explicit features only").build();
        }
        Health.Builder health = Health.up().withDetail("version", registry.current().map(ServingModel::version).orElse(NONE));
        if (registry.lastEvent() instanceof ModelRegistry.Event.Refused r) {
            health.withDetail("lastRefused", r.version()).withDetail("lastRefusedReason", r.reason());
        }
        return health.build();
    }
}
