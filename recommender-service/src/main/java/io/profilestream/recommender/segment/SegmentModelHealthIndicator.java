package io.profilestream.recommender.segment;

import io.profilestream.ml.serving.VersionedModels;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Health component {@code segmentModel}: which segment model version {@code GET /v1/segments} and
 * the dashboard serve, where new versions are looked for, and the latest refusal, so an operator
 * sees at /actuator/health that a re-fit was rejected and why.
 *
 * <p>Always UP (not in the readiness group): recommendations do not need segments. Details:
 * {@code version} (or {@value #NONE}), {@code segments} (k), {@code directory} when a models
 * directory is followed, {@code reason} while none is served, {@code lastRefused} and
 * {@code lastRefusedReason} when the latest version looked at was refused.
 */
public final class SegmentModelHealthIndicator implements HealthIndicator {

    /** The {@code version} detail while no model is served. */
    public static final String NONE = "none";

    private final VersionedModels<Segments> models;

    /** @param models the segment models, or null when {@code profilestream.segments.model} is not set */
    public SegmentModelHealthIndicator(VersionedModels<Segments> models) {
        this.models = models;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        if (models == null) {
            details.put("version", NONE);
            details.put("reason", "profilestream.segments.model is not set");
            return Health.up().withDetails(details).build();
        }
        VersionedModels<Segments> m = models;
        // One read: a swap between two reads would mix two versions' details.
        Segments served = m.current().orElse(null);
        details.put("version", served == null ? NONE : served.version());
        if (served != null) {
            details.put("segments", served.k());
        }
        m.directory().ifPresent(dir -> details.put("directory", dir.toString()));
        if (served == null) {
            details.put("reason", "waiting for a version in " + m.directory().orElseThrow());
        }
        if (m.lastEvent() instanceof VersionedModels.Event.Refused refused) {
            details.put("lastRefused", refused.version());
            details.put("lastRefusedReason", refused.reason());
        }
        return Health.up().withDetails(details).build();
    }
}
