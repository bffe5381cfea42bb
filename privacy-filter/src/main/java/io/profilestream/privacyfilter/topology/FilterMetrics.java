package io.profilestream.privacyfilter.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.model.dlq.ReasonCode;
import io.profilestream.model.streams.PipelineLatency;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The Micrometer meters of the privacy filter, registered once per topology so the hot path only
 * increments pre-registered meters, and so every series exists (at zero) before its first event:
 * a Prometheus {@code rate()} over a series that appears late misses its first increments.
 *
 * <ul>
 *   <li>{@value #EVENTS}{outcome, reason}: every record read from the raw events topic ends in
 *       exactly one outcome: {@value #CLEAN} ({@code reason=none}), {@value #DEAD_LETTER}
 *       ({@code reason} = the {@link ReasonCode} name) or {@value #DROPPED} (a duplicate event id,
 *       dropped by design; {@code reason=none}). Malformed erasure requests are not events and are
 *       not counted here (they are dead-lettered and counted by the Kafka Streams sensor
 *       {@code dead-letters-<reason>}, see {@link DeadLetters#sensorName}).</li>
 *   <li>{@value #LATENCY}{stage=privacy-filter}: for each clean event, wall-clock time when it was
 *       forwarded minus its record timestamp, which is ingest's acceptance time {@code receivedAt}
 *       (every step forwards the input timestamp): the freshness of the clean topic. Percentile
 *       histogram on, so Prometheus can aggregate quantiles over instances.</li>
 * </ul>
 */
public final class FilterMetrics {

    /** Counter of raw events by outcome and reason. */
    public static final String EVENTS = "profilestream.filter.events";
    /** Timer from ingest's acceptance to a stage's output, shared by every Streams service. */
    public static final String LATENCY = PipelineLatency.NAME;
    /** The {@code stage} tag value of this service. */
    public static final String STAGE = DeadLetters.STAGE;
    /** {@code outcome}: published to the clean topic. */
    public static final String CLEAN = "clean";
    /** {@code outcome}: diverted to the dead-letter topic. */
    public static final String DEAD_LETTER = "dead_letter";
    /** {@code outcome}: dropped by design (a duplicate event id). */
    public static final String DROPPED = "dropped";
    /** {@code reason} of the outcomes that have no {@link ReasonCode}. */
    public static final String NO_REASON = "none";

    private final Counter clean;
    private final Counter dropped;
    private final Map<ReasonCode, Counter> deadLetters = new EnumMap<>(ReasonCode.class);
    private final PipelineLatency latency;

    /**
     * Registers the meters.
     *
     * @param registry where they go
     * @param clock    the wall clock the latency is measured with
     */
    public FilterMetrics(MeterRegistry registry, Clock clock) {
        Objects.requireNonNull(registry, "registry");
        clean = events(registry, CLEAN, NO_REASON);
        dropped = events(registry, DROPPED, NO_REASON);
        for (ReasonCode reason : ReasonCode.values()) {
            deadLetters.put(reason, events(registry, DEAD_LETTER, reason.name()));
        }
        latency = new PipelineLatency(registry, STAGE, clock);
    }

    /**
     * Meters in a registry of their own that nothing reads: for processors fed directly, whose
     * tests are about their rules, not their counts.
     */
    static FilterMetrics detached() {
        return new FilterMetrics(new SimpleMeterRegistry(), Clock.systemUTC());
    }

    private static Counter events(MeterRegistry registry, String outcome, String reason) {
        return Counter.builder(EVENTS).tag("outcome", outcome).tag("reason", reason)
                .description("Raw events by outcome: clean, dead_letter (reason = ReasonCode) or dropped (duplicate)")
                .register(registry);
    }

    /** A raw event went out as a clean event; {@code recordTimestamp} is its (input) record timestamp. */
    void clean(long recordTimestamp) {
        clean.increment();
        latency.record(recordTimestamp);
    }

    /** A raw event was dropped as a duplicate. */
    void dropped() {
        dropped.increment();
    }

    /** A raw event was dead-lettered for {@code reason}. */
    void deadLetter(ReasonCode reason) {
        deadLetters.get(reason).increment();
    }
}
