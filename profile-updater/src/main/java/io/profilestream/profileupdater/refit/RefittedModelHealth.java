package io.profilestream.profileupdater.refit;

import io.profilestream.ml.serving.VersionedModels;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Health component of a model that is re-fitted periodically (churn, segments): which version
 * profiles are scored with, where new versions are looked for, and the latest refusal, so an
 * operator sees at /actuator/health that a re-fit was rejected and why.
 *
 * <p>Always UP: without the model profiles are served without the field it adds, and nothing a
 * restart does brings a version. Details: {@code version} (or {@value #NONE}), the model's own
 * facts (e.g. {@code segments}), {@code directory} when a models directory is followed,
 * {@code reason} while no version is served, {@code lastRefused}/{@code lastRefusedReason} when
 * the latest version looked at was refused.
 *
 * @param <T> the model
 */
public final class RefittedModelHealth<T> implements HealthIndicator {

    /** The {@code version} detail while no model is in use. */
    public static final String NONE = "none";

    private final VersionedModels<T> models;
    private final String property;
    private final Function<T, Map<String, Object>> facts;

    /**
     * @param models   the models in use, or null when {@code property} is not set
     * @param property the property naming the model, for the reason given while it is not set
     * @param facts    details of a loaded model besides its version, in order
     */
    public RefittedModelHealth(VersionedModels<T> models, String property, Function<T, Map<String, Object>> facts) {
        this.models = models;
        this.property = property;
        this.facts = facts;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        if (models == null) {
            details.put("version", NONE);
            details.put("reason", property + " is not set");
            return Health.up().withDetails(details).build();
        }
        // One read: a swap between two reads would mix two versions' details.
        T model = models.current().orElse(null);
        if (model != null) {
            details.put("version", models.versionOf(model));
            details.putAll(facts.apply(model));
        } else {
            details.put("version", NONE);
        }
        models.directory().ifPresent(dir -> details.put("directory", dir.toString()));
        if (model == null) {
            details.put("reason", "waiting for a version in " + models.directory().orElseThrow());
        }
        if (models.lastEvent() instanceof VersionedModels.Event.Refused refused) {
            details.put("lastRefused", refused.version());
            details.put("lastRefusedReason", refused.reason());
        }
        return Health.up().withDetails(details).build();
    }
}
