package io.profilestream.recommender.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.profilestream.recommender.metrics.RecommenderMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Objects;

/**
 * Per-second rates of this instance's own cumulative meters, over the last few seconds:
 * <ul>
 *   <li>events: the count of {@value RecommenderMetrics#PIPELINE_LATENCY}{stage={@value RecommenderMetrics#STAGE}}, the freshness timer
 *       recorded once per profile update that became servable here, i.e. per event reaching the
 *       recommender; while that timer is not registered the rate is unknown (null), never 0;</li>
 *   <li>recommendations: {@value RecommenderMetrics#SERVED}, summed over paths (dashboard
 *       previews are not counted there).</li>
 * </ul>
 *
 * <p>Sampled when asked, not on a timer: nothing runs while nobody watches. Each call reads the
 * meters and compares them with the oldest sample kept from the last {@code window}; a sample is
 * kept at most every {@code window / 10}, so many viewers do not grow the history. The first call
 * after a quiet spell has nothing (at least {@code window / 10} old) to compare with and reports
 * null rates; the next, a second later with the page's polling, has a rate. Thread-safe.
 */
public final class RateMeter {

    /**
     * Rates at one instant.
     *
     * @param asOf                     when the meters were read
     * @param overSeconds              the span the rates were measured over; null when there was no
     *                                 earlier sample in the window
     * @param eventsPerSecond          events reaching this instance per second; null when unknown
     * @param recommendationsPerSecond recommendation answers served here per second; null when unknown
     */
    public record Rates(Instant asOf, Double overSeconds, Double eventsPerSecond, Double recommendationsPerSecond) {
    }

    private record Sample(Instant at, Double events, double served) {
    }

    private final MeterRegistry registry;
    private final Clock clock;
    private final Duration window;
    private final Duration spacing;
    private final Deque<Sample> samples = new ArrayDeque<>();

    /**
     * @param registry where this instance's meters are registered
     * @param clock    the time samples are taken at
     * @param window   how far back the rates look; at least one second
     */
    public RateMeter(MeterRegistry registry, Clock clock, Duration window) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (window == null || window.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("the rate window must be at least 1s, got " + window);
        }
        this.window = window;
        this.spacing = window.dividedBy(10);
    }

    /** Reads the meters now and returns the rates since the oldest sample of the window. */
    public synchronized Rates sample() {
        Instant now = clock.instant();
        Sample current = new Sample(now, events(), served());
        Instant horizon = now.minus(window);
        while (!samples.isEmpty() && samples.peekFirst().at().isBefore(horizon)) {
            samples.removeFirst();
        }
        Rates rates = ratesSince(samples.peekFirst(), current);
        if (samples.isEmpty() || !samples.peekLast().at().plus(spacing).isAfter(now)) {
            samples.addLast(current);
        }
        return rates;
    }

    private Rates ratesSince(Sample base, Sample current) {
        // A span shorter than the sample spacing says more about timing noise than about the rate.
        if (base == null || base.at().plus(spacing).isAfter(current.at())) {
            return new Rates(current.at(), null, null, null);
        }
        double seconds = Duration.between(base.at(), current.at()).toNanos() / 1e9;
        Double events = base.events() == null || current.events() == null ? null
                : perSecond(current.events() - base.events(), seconds);
        return new Rates(current.at(), seconds, events, perSecond(current.served() - base.served(), seconds));
    }

    /** Null for a meter that went backwards (re-registered): no rate is better than a negative one. */
    private static Double perSecond(double delta, double seconds) {
        return delta < 0 ? null : delta / seconds;
    }

    private Double events() {
        Collection<Timer> timers = registry.find(RecommenderMetrics.PIPELINE_LATENCY).tag("stage", RecommenderMetrics.STAGE).timers();
        return timers.isEmpty() ? null : (double) timers.stream().mapToLong(Timer::count).sum();
    }

    private double served() {
        return registry.find(RecommenderMetrics.SERVED).counters().stream().mapToDouble(Counter::count).sum();
    }
}
