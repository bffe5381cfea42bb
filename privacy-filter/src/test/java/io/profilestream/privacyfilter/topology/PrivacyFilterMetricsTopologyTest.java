package io.profilestream.privacyfilter.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.profilestream.model.dlq.ReasonCode;
import io.profilestream.model.topic.Topics;
import io.profilestream.privacyfilter.config.FilterProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Micrometer meters of the real topology through TopologyTestDriver: every raw event ends in
 * exactly one outcome, and clean events record their latency since ingest accepted them.
 */
class PrivacyFilterMetricsTopologyTest {

    private static final Instant T0 = RawEvents.RECEIVED_AT;
    /** The filter's wall clock: one second after ingest accepted the first event. */
    private static final Instant NOW = T0.plusSeconds(1);
    private static final int BOT_MAX_EVENTS = 3;

    @TempDir
    Path stateDir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> raw;
    private TestInputTopic<String, byte[]> requests;

    @BeforeEach
    void setUp() {
        FilterProperties d = FilterProperties.defaults();
        FilterProperties settings = new FilterProperties(d.dedupeWindow(), d.maxQuantity(), d.maxPrice(),
                d.maxClockSkew(), d.maxEventAge(), d.botWindow(), BOT_MAX_EVENTS, false);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "privacy-filter-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(PrivacyFilterTopology.build(new PrivacyFilterTopology.Deps(settings,
                ExpectedPseudonyms.pseudonymizer(), Optional.empty(), Clock.fixed(NOW, ZoneOffset.UTC),
                new CompositeMeterRegistry(io.micrometer.core.instrument.Clock.SYSTEM, List.of(meters, prometheus)))), props);
        raw = driver.createInputTopic(Topics.RAW_EVENTS.name(), new StringSerializer(), new ByteArraySerializer());
        requests = driver.createInputTopic(Topics.ERASURE_REQUESTS.name(), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void shouldCountEveryRawEventUnderExactlyOneOutcomeAndReason() {
        raw.pipeInput(RawEvents.USER_ID, event("evt-1").bytes(), T0);
        raw.pipeInput(RawEvents.USER_ID, event("evt-1").bytes(), T0);
        raw.pipeInput(RawEvents.USER_ID, event("evt-2").bytes(), T0.plusMillis(100));
        raw.pipeInput(RawEvents.USER_ID, "{not json".getBytes(StandardCharsets.UTF_8), T0);
        RawEvents tooMany = event("evt-3");
        tooMany.quantity = 0;
        raw.pipeInput(RawEvents.USER_ID, tooMany.bytes(), T0);
        RawEvents anonymous = event("evt-4");
        anonymous.userId = null;
        raw.pipeInput(RawEvents.USER_ID, anonymous.bytes(), T0);
        raw.pipeInput(RawEvents.USER_ID, event("evt-5").bytes(), T0.plusMillis(200));
        // The fourth event of the user in one bot window.
        raw.pipeInput(RawEvents.USER_ID, event("evt-6").bytes(), T0);
        // Not an event: dead-lettered, but not counted as one.
        requests.pipeInput(RawEvents.USER_ID, "{not json".getBytes(StandardCharsets.UTF_8), T0);

        Map<String, Double> expected = new TreeMap<>();
        for (ReasonCode reason : ReasonCode.values()) {
            expected.put("dead_letter/" + reason.name(), 0.0);
        }
        expected.put("clean/none", 3.0);
        expected.put("dropped/none", 1.0);
        expected.put("dead_letter/MALFORMED_RECORD", 1.0);
        expected.put("dead_letter/QUANTITY_OUT_OF_RANGE", 1.0);
        expected.put("dead_letter/MISSING_FIELD", 1.0);
        expected.put("dead_letter/BOT_SUSPECTED", 1.0);
        assertThat(eventCounts()).isEqualTo(expected);
        assertThat(eventCounts().values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(8.0);
    }

    @Test
    void shouldRecordTheLatencyOfEachCleanEventSinceIngestAcceptedIt() {
        raw.pipeInput(RawEvents.USER_ID, event("evt-1").bytes(), T0);
        raw.pipeInput(RawEvents.USER_ID, event("evt-2").bytes(), T0.plusMillis(100));
        raw.pipeInput(RawEvents.USER_ID, "{not json".getBytes(StandardCharsets.UTF_8), T0);

        Timer latency = meters.get(FilterMetrics.LATENCY).tag("stage", "privacy-filter").timer();
        assertThat(latency.count()).isEqualTo(2);
        assertThat(latency.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1900.0);
        assertThat(latency.max(TimeUnit.MILLISECONDS)).isEqualTo(1000.0);
    }

    @Test
    void shouldCountAnEventStampedAheadOfTheFiltersClockAsZeroLatency() {
        raw.pipeInput(RawEvents.USER_ID, event("evt-1").bytes(), NOW.plusMillis(300));

        Timer latency = meters.get(FilterMetrics.LATENCY).tag("stage", "privacy-filter").timer();
        assertThat(latency.count()).isEqualTo(1);
        assertThat(latency.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(0.0);
    }

    @Test
    void shouldPublishALatencyHistogramForPrometheusQuantiles() {
        raw.pipeInput(RawEvents.USER_ID, event("evt-1").bytes(), T0);

        // le (seconds) -> cumulative count of each bucket, as Prometheus scrapes them.
        Map<Double, Double> buckets = new TreeMap<>();
        Matcher line = Pattern.compile(
                "(?m)^profilestream_pipeline_latency_seconds_bucket\\{stage=\"privacy-filter\",le=\"([^\"]+)\"} (\\S+)$")
                .matcher(prometheus.scrape());
        while (line.find()) {
            buckets.put(line.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(line.group(1)),
                    Double.parseDouble(line.group(2)));
        }
        assertThat(buckets).hasSizeGreaterThan(10);
        // The one observation, 1 s, is counted in every bucket bounded at 1 s or more, and in none below.
        assertThat(buckets.entrySet()).allSatisfy(bucket ->
                assertThat(bucket.getValue()).isEqualTo(bucket.getKey() >= 1.0 ? 1.0 : 0.0));
        assertThat(buckets).containsEntry(Double.POSITIVE_INFINITY, 1.0);
    }

    private static RawEvents event(String eventId) {
        RawEvents e = RawEvents.purchase();
        e.eventId = eventId;
        return e;
    }

    /** "outcome/reason" -> count of every {@value FilterMetrics#EVENTS} series. */
    private Map<String, Double> eventCounts() {
        Map<String, Double> counts = new TreeMap<>();
        for (Counter c : meters.find(FilterMetrics.EVENTS).counters()) {
            counts.put(c.getId().getTag("outcome") + "/" + c.getId().getTag("reason"), c.count());
        }
        return counts;
    }
}
