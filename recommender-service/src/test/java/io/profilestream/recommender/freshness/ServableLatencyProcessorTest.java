package io.profilestream.recommender.freshness;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.profilestream.recommender.metrics.RecommenderMetrics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServableLatencyProcessorTest {

    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final Timer latency = new RecommenderMetrics(meters).pipelineLatency();
    final ServableLatencyProcessor processor =
            new ServableLatencyProcessor(Clock.fixed(NOW, ZoneOffset.UTC), latency);

    @BeforeEach
    void init() {
        processor.init(new MockProcessorContext<>());
    }

    static Record<String, byte[]> update(String userKey, byte[] sealed, Instant receivedAt) {
        return new Record<>(userKey, sealed, receivedAt.toEpochMilli());
    }

    @Test
    void shouldRecordNowMinusTheRecordTimestampOfEachProfileUpdate() {
        processor.process(update("u1", new byte[]{1}, NOW.minusMillis(250)));
        processor.process(update("u2", new byte[]{2}, NOW.minusSeconds(2)));

        assertThat(latency.count()).isEqualTo(2);
        assertThat(latency.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2250.0);
        assertThat(latency.max(TimeUnit.MILLISECONDS)).isEqualTo(2000.0);
    }

    @Test
    void shouldNotRecordATombstone() {
        processor.process(update("u1", null, NOW.minusMillis(250)));

        assertThat(latency.count()).isZero();
    }

    @Test
    void shouldRecordATimestampAheadOfThisClockAsZeroRatherThanDropIt() {
        processor.process(update("u1", new byte[]{1}, NOW.plusMillis(30)));

        assertThat(latency.count()).isEqualTo(1);
        assertThat(latency.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(0.0);
    }

    @Test
    void shouldPublishTheRecommenderStageOfThePipelineLatencyAsAPrometheusHistogram() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ServableLatencyProcessor published = new ServableLatencyProcessor(Clock.fixed(NOW, ZoneOffset.UTC),
                new RecommenderMetrics(prometheus).pipelineLatency());

        published.process(update("u1", new byte[]{1}, NOW.minusMillis(5)));

        assertThat(prometheus.scrape()).contains(
                "profilestream_pipeline_latency_seconds_count{stage=\"recommender\"} 1\n",
                "profilestream_pipeline_latency_seconds_sum{stage=\"recommender\"} 0.005\n",
                "profilestream_pipeline_latency_seconds_bucket{stage=\"recommender\",le=\"0.004194304\"} 0\n",
                "profilestream_pipeline_latency_seconds_bucket{stage=\"recommender\",le=\"0.005592405\"} 1\n");
    }
}
