package io.profilestream.recommender.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.profilestream.model.streams.PipelineLatency;
import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.recommender.crypto.Opened;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The recommender's own meters (Micrometer, scraped at {@code /actuator/prometheus}):
 * <ul>
 *   <li>{@value #LATENCY}{path}: time to compute an answer here, with a percentile histogram so
 *       p99 can be aggregated across instances; its count is the requests served per path</li>
 *   <li>{@value #SERVED}{path}: answers per path, as a plain counter</li>
 *   <li>{@value #INFERENCE}{part=retrieval|ranking}: the model's time inside a request, split
 *       as {@link InferenceClock} describes (percentile histogram)</li>
 *   <li>{@value #PIPELINE_LATENCY}{stage=recommender}: freshness up to servable: the wall clock
 *       when a profile update has been applied to this instance's profiles store (queries see it
 *       from then on) minus the record's timestamp, which is ingest's acceptance time carried
 *       through the privacy filter and the profile-updater (percentile histogram; see
 *       {@link io.profilestream.recommender.freshness.ServableLatencyProcessor})</li>
 *   <li>{@value #MODEL_LOADED}{version}: 1 for the version being served (no series while none)</li>
 *   <li>{@value #MODEL_EVENTS}{outcome=loaded|refused}: model swaps and refused artifacts</li>
 *   <li>{@value #NEURAL_ERRORS}: model-path failures answered by the fallback instead</li>
 *   <li>{@value #CACHE}{result=hit|miss|refill}: model-path requests by what the ranked-list cache
 *       did: {@code hit} served from a cached ranking, {@code miss} none usable (computed and
 *       cached), {@code refill} a cached ranking could not serve the request (fewer than k items
 *       of its exact prefix left after the serve-time filters, or an item it was computed
 *       without is eligible again), so the ranking was computed afresh and cached in its place. Not counted while the cache is off, nor for an
 *       unknown user or while no model is loaded; a known user the model cannot serve yet (no
 *       LSTM state) is a {@code miss} with nothing cached</li>
 *   <li>{@value #IMPRESSIONS_DROPPED}: served lists that could not be recorded</li>
 *   <li>{@value #UNREADABLE}{data=profile|shown-items, reason=no-key|undecryptable}: stored per-user
 *       values a request could not open and so treated as absent. A steady {@code no-key} rate is
 *       normal (new users whose key is still in flight, erased users until compaction); any
 *       {@code undecryptable} points at a master-key mismatch between profile-updater and recommender</li>
 * </ul>
 */
public final class RecommenderMetrics {

    public static final String LATENCY = "profilestream.recommendations.latency";
    public static final String SERVED = "profilestream.recommendations.served";
    public static final String MODEL_LOADED = "profilestream.model.loaded";
    public static final String MODEL_EVENTS = "profilestream.model.events";
    public static final String NEURAL_ERRORS = "profilestream.recommendations.neural.errors";
    public static final String IMPRESSIONS_DROPPED = "profilestream.impressions.dropped";
    public static final String UNREADABLE = "profilestream.sealed.unreadable";
    public static final String CACHE = "profilestream.recommendations.cache";
    /** Rankings computed off the request thread and cached for a user's next request. */
    public static final String RANKED_AHEAD = "profilestream.recommendations.ranked.ahead";
    public static final String INFERENCE = "profilestream.recommendations.inference";
    /** Shared with the other Streams services, told apart by the {@code stage} tag. */
    public static final String PIPELINE_LATENCY = PipelineLatency.NAME;
    /** {@value #PIPELINE_LATENCY} tag {@code stage} of this service. */
    public static final String STAGE = "recommender";
    /** {@value #UNREADABLE} tag value of profiles. */
    public static final String PROFILE = "profile";
    /** {@value #UNREADABLE} tag value of shown items. */
    public static final String SHOWN_ITEMS = "shown-items";

    private final MeterRegistry registry;
    private final Map<String, Timer> latencyByPath = new ConcurrentHashMap<>();
    private final Map<String, Counter> servedByPath = new ConcurrentHashMap<>();
    /** What the ranked-list cache did for one model-path request ({@value #CACHE} tag {@code result}). */
    public enum CacheResult {
        HIT, MISS, REFILL
    }

    private final Map<CacheResult, Counter> cacheResults = new java.util.EnumMap<>(CacheResult.class);
    private final Counter neuralErrors;
    private final Counter rankedAhead;
    private final Counter impressionsDropped;
    private final Counter modelsLoaded;
    private final Counter modelsRefused;
    private final Map<String, Counter> unreadable = new ConcurrentHashMap<>();
    private final Timer pipelineLatency;
    private final InferenceClock inference;
    private Gauge loadedGauge;

    /** Meters in {@code registry}, model time measured with the registry's clock. */
    public RecommenderMetrics(MeterRegistry registry) {
        this(registry, registry.config().clock()::monotonicTime);
    }

    /**
     * @param ticker monotonic nanoseconds that time the model's part of a request
     *               ({@link #inference()}); tests pass a scripted one
     */
    public RecommenderMetrics(MeterRegistry registry, LongSupplier ticker) {
        this.registry = registry;
        this.pipelineLatency = PipelineLatency.timer(registry, STAGE);
        this.inference = new InferenceClock(ticker, inferenceTimer(registry, "retrieval"),
                inferenceTimer(registry, "ranking"));
        this.rankedAhead = Counter.builder(RANKED_AHEAD)
                .description("Rankings computed off the request thread and cached for a user's next request")
                .register(registry);
        this.neuralErrors = Counter.builder(NEURAL_ERRORS)
                .description("Model-path failures answered by the popularity fallback").register(registry);
        this.impressionsDropped = Counter.builder(IMPRESSIONS_DROPPED)
                .description("Served lists that could not be written to the impressions topic").register(registry);
        this.modelsLoaded = Counter.builder(MODEL_EVENTS).tag("outcome", "loaded")
                .description("Model versions loaded or refused").register(registry);
        this.modelsRefused = Counter.builder(MODEL_EVENTS).tag("outcome", "refused")
                .description("Model versions loaded or refused").register(registry);
        // Registered up front, so a rate can be taken from the first scrape on.
        for (CacheResult result : CacheResult.values()) {
            cacheResults.put(result, Counter.builder(CACHE).tag("result", result.name().toLowerCase(Locale.ROOT))
                    .description("Model-path recommendation requests by ranked-list cache result").register(registry));
        }
        for (String data : List.of(PROFILE, SHOWN_ITEMS)) {
            for (Opened.Outcome reason : List.of(Opened.Outcome.NO_KEY, Opened.Outcome.UNDECRYPTABLE)) {
                unreadable.put(data + "/" + reason, Counter.builder(UNREADABLE).tag("data", data)
                        .tag("reason", reason.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                        .description("Stored per-user values that could not be opened and were treated as absent")
                        .register(registry));
            }
        }
    }

    /**
     * Lowest histogram bucket of the request timers: answers take a fraction of a millisecond to a
     * few, against a p99 objective of 5 ms, and Micrometer's default lowest bucket (1 ms) would put
     * most of them in one bucket.
     */
    private static final Duration FINEST_BUCKET = Duration.ofNanos(100_000);
    /** Highest histogram bucket of the request timers (anything slower is in {@code +Inf}). */
    private static final Duration COARSEST_BUCKET = Duration.ofSeconds(10);

    private static Timer inferenceTimer(MeterRegistry registry, String part) {
        return Timer.builder(INFERENCE).tag("part", part)
                .description("Model time inside a recommendation request, by part")
                .publishPercentileHistogram()
                .minimumExpectedValue(FINEST_BUCKET)
                .maximumExpectedValue(COARSEST_BUCKET)
                .register(registry);
    }

    /** The {@value #PIPELINE_LATENCY}{stage=recommender} timer the topology records into. */
    public Timer pipelineLatency() {
        return pipelineLatency;
    }

    /** Times the model's retrieval and ranking inside requests ({@value #INFERENCE}). */
    public InferenceClock inference() {
        return inference;
    }

    /** One answer computed here by {@code path}, in {@code nanos}. */
    public void served(String path, long nanos) {
        latencyByPath.computeIfAbsent(path, p -> Timer.builder(LATENCY).tag("path", p)
                        .description("Time to compute a recommendation answer on this instance")
                        .publishPercentileHistogram()
                        .minimumExpectedValue(FINEST_BUCKET)
                        .maximumExpectedValue(COARSEST_BUCKET)
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
        servedByPath.computeIfAbsent(path, p -> Counter.builder(SERVED).tag("path", p)
                        .description("Recommendation answers by serving path").register(registry))
                .increment();
    }

    /** The ranked-list cache's part in one model-path request. */
    public void cache(CacheResult result) {
        cacheResults.get(result).increment();
    }

    /** A ranking computed ahead of the user's next request was cached. */
    public void rankedAhead() {
        rankedAhead.increment();
    }

    /** The model path failed and the fallback answered. */
    public void neuralError() {
        neuralErrors.increment();
    }

    /** A served list was not recorded; returns the total so far (for rate-limited logging). */
    public long impressionDropped() {
        impressionsDropped.increment();
        return (long) impressionsDropped.count();
    }

    /**
     * A stored {@code data} value ({@link #PROFILE} or {@link #SHOWN_ITEMS}) could not be opened;
     * outcomes other than {@link Opened.Outcome#NO_KEY} and {@link Opened.Outcome#UNDECRYPTABLE}
     * are not failures and are ignored.
     */
    public void unreadable(String data, Opened.Outcome reason) {
        Counter counter = unreadable.get(data + "/" + reason);
        if (counter != null) {
            counter.increment();
        }
    }

    /** Listener for {@link ModelRegistry#addListener}. */
    public synchronized void onModelEvent(ModelRegistry.Event event) {
        if (event instanceof ModelRegistry.Event.Loaded loaded) {
            modelsLoaded.increment();
            modelLoaded(loaded.version());
        } else {
            modelsRefused.increment();
        }
    }

    /** Publishes {@code version} as the one being served (also for a model present before listening). */
    public synchronized void modelLoaded(String version) {
        if (loadedGauge != null) {
            registry.remove(loadedGauge);
        }
        loadedGauge = Gauge.builder(MODEL_LOADED, () -> 1).tag("version", version)
                .description("1 for the model version this instance serves").register(registry);
    }
}
