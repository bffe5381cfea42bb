package io.profilestream.model.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The timer {@value #NAME}{stage}, one per Streams service: the wall clock when a stage has
 * processed a record minus the record's timestamp. Ingest stamps raw records with its acceptance
 * time ({@code receivedAt}) and every stage forwards its input's timestamp, so at the recommender
 * this is the freshness of what it serves. Percentile histogram on, with buckets up to minutes
 * (a lagging consumer is exactly what it must show), so Prometheus can aggregate quantiles over
 * instances; the Grafana dashboard queries it per stage.
 */
public final class PipelineLatency {

    /** Timer name, shared by every Streams service. */
    public static final String NAME = "profilestream.pipeline.latency";
    /** The tag that names the stage. */
    public static final String STAGE_TAG = "stage";

    private final Timer timer;
    private final Clock clock;

    /**
     * Registers the stage's timer.
     *
     * @param registry where it goes
     * @param stage    the {@value #STAGE_TAG} tag value, e.g. {@code privacy-filter}
     * @param clock    the wall clock the latency is measured with
     */
    public PipelineLatency(MeterRegistry registry, String stage, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timer = timer(registry, stage);
    }

    /** Registers (or finds) the stage's timer, for a service that records into it itself. */
    public static Timer timer(MeterRegistry registry, String stage) {
        return Timer.builder(NAME).tag(STAGE_TAG, stage)
                .description("From ingest's acceptance of an event (record timestamp) to its processing by this stage")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }

    /**
     * Milliseconds from {@code recordTimestamp} to now. A record stamped ahead of this host's clock
     * (skew between hosts) gives zero: Micrometer silently drops negative durations, and a timer's
     * count must stay the number of records.
     */
    public static long elapsedMillis(Clock clock, long recordTimestamp) {
        return Math.max(0L, clock.millis() - recordTimestamp);
    }

    /** A timer in a registry of its own that nothing reads: for topologies built without metrics. */
    public static PipelineLatency detached(String stage) {
        return new PipelineLatency(new SimpleMeterRegistry(), stage, Clock.systemUTC());
    }

    /** Records the latency of a record with {@code recordTimestamp}, processed now. */
    public void record(long recordTimestamp) {
        timer.record(elapsedMillis(clock, recordTimestamp), TimeUnit.MILLISECONDS);
    }

    /** The timer, for reading its count. */
    public Timer timer() {
        return timer;
    }
}
