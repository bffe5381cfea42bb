package io.profilestream.profileupdater.neural;

import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.serving.ServingModel;
import java.util.Optional;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Health component {@code model} (member of the readiness group): which model version profiles
 * are stepped with, and the latest refusal, so an operator sees at /actuator/health that a new
 * export was rejected.
 *
 * <p>UP with {@code version} while a model is loaded, whatever happened since: a refused (broken)
 * newer artifact leaves the older model in use and is only reported ({@code lastRefused}). Without
 * a model (no models directory, nothing exported yet, or every export refused) it is UP with
 * {@code version} and {@code status} {@value #NONE}, because profiles keep their explicit
 * features, unless {@code profilestream.model.required-for-readiness} is set: then
 * OUT_OF_SERVICE, so the instance takes no traffic until a model has loaded. Never DOWN: a missing
 * model is nothing a restart fixes.
 */
public final class ModelHealthIndicator implements HealthIndicator {

    /** The {@code version} and {@code status} detail while no model is in use. */
    public static final String NONE = "none";

    private final ModelRegistry registry;
    private final boolean requiredForReadiness;

    /**
     * @param registry             the service's registry, or null when no models directory is configured
     * @param requiredForReadiness OUT_OF_SERVICE instead of UP while no model is loaded
     */
    public ModelHealthIndicator(ModelRegistry registry, boolean requiredForReadiness) {
        this.registry = registry;
        this.requiredForReadiness = requiredForReadiness;
    }

    @Override
    public Health health() {
        Optional<String> version = registry == null ? Optional.empty() : registry.current().map(ServingModel::version);
        if (version.isPresent()) {
            return withLastRefusal(Health.up().withDetail("version", version.get())).build();
        }
        Health.Builder health = (requiredForReadiness ? Health.outOfService() : Health.up())
                .withDetail("version", NONE).withDetail("status", NONE);
        if (registry == null) {
            health.withDetail("reason", "profilestream.model.dir is not set: explicit features only");
        } else if (requiredForReadiness) {
            health.withDetail("reason", "profilestream.model.required-for-readiness is true and no model is loaded yet");
        }
        return withLastRefusal(health).build();
    }

    private Health.Builder withLastRefusal(Health.Builder health) {
        if (registry != null && registry.lastEvent() instanceof ModelRegistry.Event.Refused r) {
            health.withDetail("lastRefused", r.version()).withDetail("lastRefusedReason", r.reason());
        }
        return health;
    }
}
