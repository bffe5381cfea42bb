package io.profilestream.profileupdater.profile;

import static io.profilestream.model.event.EventType.VIEW;
import static io.profilestream.profileupdater.profile.TestEvents.ALICE;
import static io.profilestream.profileupdater.profile.TestEvents.BOB;
import static io.profilestream.profileupdater.profile.TestEvents.T0;
import static io.profilestream.profileupdater.profile.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.Consent;
import io.profilestream.model.streams.PipelineLatency;
import io.profilestream.model.topic.Topics;
import io.profilestream.profileupdater.neural.NeuralStep;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code profilestream.pipeline.latency{stage=profile-updater}} timer of the real topology:
 * measured from the clean event's record timestamp (ingest's acceptance time, forwarded by the
 * privacy filter), not its event time, to the profile's output, which keeps that timestamp for the
 * recommender's stage.
 */
class ProfileLatencyTopologyTest {

    /** The profile-updater's wall clock. */
    private static final Instant NOW = T0.plusMillis(750);

    @TempDir
    Path stateDir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private TopologyTestDriver driver;
    private TestInputTopic<String, CleanEvent> cleanEvents;
    private SealedOutputs outputs;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "profile-updater");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        ProfileTopology.Deps deps = new ProfileTopology.Deps(ProfileSettings.defaults(), NeuralStep.disabled(),
                TestCipher.CIPHER, Clock.fixed(NOW, ZoneOffset.UTC),
                new CompositeMeterRegistry(io.micrometer.core.instrument.Clock.SYSTEM, List.of(meters, prometheus)));
        driver = new TopologyTestDriver(ProfileTopology.build(deps), props);
        cleanEvents = driver.createInputTopic(Topics.CLEAN_EVENTS.name(),
                Topics.CLEAN_EVENTS.keySerde().serializer(), Topics.CLEAN_EVENTS.valueSerde().serializer());
        outputs = new SealedOutputs(driver);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private Timer latency() {
        return meters.get(PipelineLatency.NAME).tag("stage", "profile-updater").timer();
    }

    @Test
    void shouldMeasureFromTheRecordTimestampNotTheEventTime() {
        // Sent by the shop a minute before ingest accepted it.
        cleanEvents.pipeInput(ALICE, event(VIEW, T0.minusSeconds(60)).item("i1").build(), T0);
        cleanEvents.pipeInput(BOB, event(VIEW, T0.minusSeconds(60)).user(BOB).item("i2").build(), T0.plusMillis(250));

        assertThat(latency().count()).isEqualTo(2);
        assertThat(latency().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1250.0);
        assertThat(latency().max(TimeUnit.MILLISECONDS)).isEqualTo(750.0);
    }

    @Test
    void shouldKeepTheInputTimestampOnTheProfileForTheNextStage() {
        cleanEvents.pipeInput(ALICE, event(VIEW, T0.minusSeconds(60)).item("i1").build(), T0);

        List<TestRecord<String, io.profilestream.model.profile.UserProfile>> profiles = outputs.readRecords();
        assertThat(profiles).hasSize(1);
        assertThat(profiles.get(0).getRecordTime()).isEqualTo(T0);
    }

    @Test
    void shouldRecordNoLatencyForAnEventThatWritesNoProfile() {
        cleanEvents.pipeInput(ALICE, event(VIEW, T0).item("i1").consent(Consent.WITHDRAWN).build(), T0);

        assertThat(latency().count()).isEqualTo(0);
    }

    @Test
    void shouldPublishALatencyHistogramForPrometheusQuantiles() {
        cleanEvents.pipeInput(ALICE, event(VIEW, T0).item("i1").build(), T0);

        String scrape = prometheus.scrape();
        assertThat(scrape)
                .contains("profilestream_pipeline_latency_seconds_bucket{stage=\"profile-updater\",le=\"+Inf\"} 1")
                .contains("profilestream_pipeline_latency_seconds_count{stage=\"profile-updater\"} 1")
                .contains("profilestream_pipeline_latency_seconds_sum{stage=\"profile-updater\"} 0.75");
        assertThat(scrape.lines().filter(l -> l.startsWith("profilestream_pipeline_latency_seconds_bucket{")).count())
                .isGreaterThan(10);
    }
}
