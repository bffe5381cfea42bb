package io.profilestream.profileupdater.neural;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.serving.ServingModel;

/**
 * Publishes a {@link ModelRegistry}'s state: {@value #LOADED}{version=...} = 1 for the version in
 * use (no series while none is), and {@value #LOADS}{outcome=loaded|refused} per scan that loaded
 * or refused a version. Dashboards join on the version tag to see when a fleet switched.
 */
public final class ModelRegistryMetrics {

    /** Info-style gauge of the version in use. */
    public static final String LOADED = "profilestream.model.loaded";
    /** Load attempts by outcome. */
    public static final String LOADS = "profilestream.model.loads";

    private final MeterRegistry meters;
    private final Counter loaded;
    private final Counter refused;
    private Gauge version;

    private ModelRegistryMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.loaded = Counter.builder(LOADS).tag("outcome", "loaded").description("Model versions loaded").register(meters);
        this.refused = Counter.builder(LOADS).tag("outcome", "refused")
                .description("Model versions refused (broken or inconsistent artifact)").register(meters);
    }

    /**
     * Binds the meters and listens to {@code registry}; call before the registry's first scan.
     * A model the registry already serves (e.g. {@link ModelRegistry#fixed}) is published at once.
     */
    public static ModelRegistryMetrics bind(ModelRegistry registry, MeterRegistry meters) {
        ModelRegistryMetrics m = new ModelRegistryMetrics(meters);
        registry.current().map(ServingModel::version).ifPresent(m::showVersion);
        registry.addListener(event -> {
            if (event instanceof ModelRegistry.Event.Loaded l) {
                m.loaded.increment();
                m.showVersion(l.version());
            } else {
                m.refused.increment();
            }
        });
        return m;
    }

    private synchronized void showVersion(String v) {
        if (version != null) {
            meters.remove(version);
        }
        version = Gauge.builder(LOADED, () -> 1).tag("version", v)
                .description("1 for the model version in use").register(meters);
    }
}
