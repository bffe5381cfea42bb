package io.profilestream.profileupdater.neural;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The meters of the per-event LSTM step. Created once per service, so the hot path only
 * increments pre-registered meters.
 */
public final class NeuralMetrics {

    /** Events that advanced a profile by one LSTM step. */
    public static final String STEPS = "profilestream.neural.steps";
    /** Events that left the LSTM state as it was; tag {@code reason}. */
    public static final String SKIPPED = "profilestream.neural.skipped";
    /** Profiles whose state was rebuilt under a new model version by replaying their session. */
    public static final String MIGRATIONS = "profilestream.neural.migrations";
    /** Profiles whose state restarted at zero because a new session began. */
    public static final String SESSION_RESETS = "profilestream.neural.session.resets";
    /**
     * Time of the neural part of one event (migration, reset and step), when a model is loaded;
     * with a percentile histogram.
     */
    public static final String STEP_TIMER = "profilestream.neural.step";

    /** {@link #SKIPPED} reason: the event names no item (e.g. a search). */
    public static final String NO_ITEM = "no-item";
    /** {@link #SKIPPED} reason: the item is not in the loaded model's vocabulary. */
    public static final String UNKNOWN_ITEM = "unknown-item";
    /** {@link #SKIPPED} reason: no model is loaded yet. */
    public static final String NO_MODEL = "no-model";

    final Counter steps;
    final Counter noItem;
    final Counter unknownItem;
    final Counter noModel;
    final Counter migrations;
    final Counter sessionResets;
    final Timer stepTimer;

    /** Registers the meters in {@code registry}. */
    public NeuralMetrics(MeterRegistry registry) {
        steps = Counter.builder(STEPS).description("Events that advanced a profile's LSTM state by one step")
                .register(registry);
        noItem = skipped(registry, NO_ITEM);
        unknownItem = skipped(registry, UNKNOWN_ITEM);
        noModel = skipped(registry, NO_MODEL);
        migrations = Counter.builder(MIGRATIONS)
                .description("Profiles re-computed under a new model version by replaying their session items")
                .register(registry);
        sessionResets = Counter.builder(SESSION_RESETS)
                .description("LSTM states restarted at zero because the user began a new session")
                .register(registry);
        // Histogram buckets, so Prometheus can aggregate inference-time quantiles over instances.
        stepTimer = Timer.builder(STEP_TIMER).description("Neural part of folding one event, with a model loaded")
                .publishPercentileHistogram()
                .register(registry);
    }

    private static Counter skipped(MeterRegistry registry, String reason) {
        return Counter.builder(SKIPPED).tag("reason", reason)
                .description("Events that left the LSTM state unchanged").register(registry);
    }
}
