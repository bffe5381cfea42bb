package io.profilestream.recommender.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.recommender.metrics.RecommenderMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RateMeterTest {

    static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final TestClock clock = new TestClock(T0);
    final RateMeter meter = new RateMeter(registry, clock, Duration.ofSeconds(5));
    final RecommenderMetrics metrics = new RecommenderMetrics(registry);

    /** A clock the test moves by hand. */
    static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    Timer pipeline() {
        return Timer.builder(RecommenderMetrics.PIPELINE_LATENCY).tag("stage", RecommenderMetrics.STAGE).register(registry);
    }

    void events(int n) {
        Timer timer = pipeline();
        for (int i = 0; i < n; i++) {
            timer.record(Duration.ofMillis(20));
        }
    }

    void served(String path, int n) {
        for (int i = 0; i < n; i++) {
            metrics.served(path, 1_000_000);
        }
    }

    @Test
    void shouldReportNoRatesUntilThereIsAnEarlierReading() {
        events(3);
        served("popular", 2);

        assertThat(meter.sample()).isEqualTo(new RateMeter.Rates(T0, null, null, null));
    }

    @Test
    void shouldDivideWhatTheMetersCountedByTheSecondsSinceTheFirstReading() {
        events(10);
        meter.sample();

        clock.advance(Duration.ofSeconds(2));
        events(7);
        served("lstm+mlp", 3);
        served("popular", 2);

        assertThat(meter.sample()).isEqualTo(new RateMeter.Rates(T0.plusSeconds(2), 2.0, 3.5, 2.5));
    }

    @Test
    void shouldMeasureFromTheOldestReadingOfTheLastFiveSeconds() {
        meter.sample();
        for (int second = 1; second <= 7; second++) {
            clock.advance(Duration.ofSeconds(1));
            events(second);
            served("popular", 1);
            meter.sample();
        }
        clock.advance(Duration.ofSeconds(1));
        events(8);
        served("popular", 1);

        // At 8 s the window starts at 3 s: events 4..8 (30) and 5 answers in 5 seconds.
        assertThat(meter.sample()).isEqualTo(new RateMeter.Rates(T0.plusSeconds(8), 5.0, 6.0, 1.0));
    }

    @Test
    void shouldStartAfreshAfterAQuietSpellLongerThanTheWindow() {
        meter.sample();
        clock.advance(Duration.ofSeconds(60));
        served("popular", 100);

        assertThat(meter.sample()).isEqualTo(new RateMeter.Rates(T0.plusSeconds(60), null, null, null));
        clock.advance(Duration.ofSeconds(1));
        served("popular", 4);
        assertThat(meter.sample()).isEqualTo(new RateMeter.Rates(T0.plusSeconds(61), 1.0, 0.0, 4.0));
    }

    @Test
    void shouldNotMeasureOverLessThanATenthOfTheWindow() {
        meter.sample();
        clock.advance(Duration.ofMillis(499));
        served("popular", 1);

        assertThat(meter.sample().overSeconds()).isNull();
        clock.advance(Duration.ofMillis(1));
        // The reading at 499 ms was too close to the first to be kept: still measured from 0.
        assertThat(meter.sample()).isEqualTo(new RateMeter.Rates(T0.plusMillis(500), 0.5, 0.0, 2.0));
    }

    @Test
    void shouldReportEventsAsUnknownWhileThePipelineTimerIsNotRegistered() {
        // A registry without RecommenderMetrics, which registers the timer when the service starts.
        SimpleMeterRegistry bare = new SimpleMeterRegistry();
        RateMeter early = new RateMeter(bare, clock, Duration.ofSeconds(5));
        Counter answers = Counter.builder(RecommenderMetrics.SERVED).tag("path", "popular").register(bare);
        early.sample();
        clock.advance(Duration.ofSeconds(1));
        answers.increment(3);

        RateMeter.Rates rates = early.sample();
        assertThat(rates.eventsPerSecond()).isNull();
        assertThat(rates.recommendationsPerSecond()).isEqualTo(3.0);

        // Registered from now on: known once a reading with it is the oldest in the window.
        Timer timer = Timer.builder(RecommenderMetrics.PIPELINE_LATENCY).tag("stage", RecommenderMetrics.STAGE).register(bare);
        timer.record(Duration.ofMillis(20));
        clock.advance(Duration.ofSeconds(1));
        assertThat(early.sample().eventsPerSecond()).isNull();
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(1));
            for (int e = 0; e < 4; e++) {
                timer.record(Duration.ofMillis(20));
            }
            early.sample();
        }
        assertThat(early.sample()).isEqualTo(new RateMeter.Rates(T0.plusSeconds(7), 5.0, 4.0, 0.0));
    }

    @Test
    void shouldCountOnlyTheRecommendersStageOfThePipelineTimer() {
        Timer filter = Timer.builder(RecommenderMetrics.PIPELINE_LATENCY).tag("stage", "privacy-filter").register(registry);
        events(1);
        meter.sample();
        clock.advance(Duration.ofSeconds(1));
        filter.record(Duration.ofMillis(5));
        filter.record(Duration.ofMillis(5));
        events(1);

        assertThat(meter.sample().eventsPerSecond()).isEqualTo(1.0);
    }

    @Test
    void shouldGiveNoRateForAMeterThatWentBackwards() {
        Counter stray = Counter.builder(RecommenderMetrics.SERVED).tag("path", "stray").register(registry);
        stray.increment(5);
        meter.sample();
        registry.remove(stray);
        clock.advance(Duration.ofSeconds(1));
        served("popular", 1);

        assertThat(meter.sample().recommendationsPerSecond()).isNull();
    }

    @Test
    void shouldRefuseAWindowShorterThanOneSecond() {
        assertThatThrownBy(() -> new RateMeter(registry, clock, Duration.ofMillis(999)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the rate window must be at least 1s, got PT0.999S");
    }
}
