package io.profilestream.profileupdater.profile;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Timer {@value #NAME}{stage=profile-updater}: for each profile written from a clean event,
 * wall-clock time when it was forwarded minus the event's record timestamp, which is ingest's
 * acceptance time {@code receivedAt} (the privacy filter and this topology forward input
 * timestamps): how fresh the profiles topic and the queryable store are. Events held for a
 * key-rotation handover count when they are finally applied. Percentile histogram on, so
 * Prometheus can aggregate quantiles over instances.
 */
public final class PipelineLatency {

    /** Timer name, shared by every Streams service. */
    public static final String NAME = "profilestream.pipeline.latency";
    /** The {@code stage} tag value of this service. */
    public static final String STAGE = "profile-updater";

    private final Timer timer;
    private final Clock clock;

    /**
     * Registers the timer.
     *
     * @param registry where it goes
     * @param clock    the wall clock the latency is measured with
     */
    public PipelineLatency(MeterRegistry registry, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timer = Timer.builder(NAME).tag("stage", STAGE)
                .description("From ingest's acceptance of an event (record timestamp) to its output by this stage")
                .publishPercentileHistogram()
                // Buckets up to minutes: a lagging consumer is exactly what this timer must show.
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }

    /** A timer in a registry of its own that nothing reads: for processors fed directly in tests. */
    static PipelineLatency detached() {
        return new PipelineLatency(new SimpleMeterRegistry(), Clock.systemUTC());
    }

    /** Records the latency of an output whose input had {@code recordTimestamp}. */
    void record(long recordTimestamp) {
        // A record stamped ahead of this host's clock (skew between hosts) counts as zero, not as nothing.
        timer.record(Math.max(0L, clock.millis() - recordTimestamp), TimeUnit.MILLISECONDS);
    }
}
