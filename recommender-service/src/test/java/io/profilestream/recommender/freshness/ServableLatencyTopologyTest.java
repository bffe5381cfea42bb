package io.profilestream.recommender.freshness;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.model.config.KafkaProperties;
import io.profilestream.model.config.StreamsProperties;
import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.PriceBand;
import io.profilestream.model.profile.Rfm;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.streams.StreamsConfigFactory;
import io.profilestream.recommender.RecommenderTopology;
import io.profilestream.recommender.cache.RankedListCache;
import io.profilestream.recommender.catalogue.CatalogueIndex;
import io.profilestream.recommender.config.RecommenderSettings;
import io.profilestream.recommender.crypto.SealedFixture;
import io.profilestream.recommender.metrics.RecommenderMetrics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Freshness up to servable through the real topology: the profile-updater's records arrive with
 * ingest's acceptance time as their timestamp, and each applied profile update is timed against
 * this instance's (fixed) clock.
 */
class ServableLatencyTopologyTest {

    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @TempDir
    Path stateDir;

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final RecommenderMetrics metrics = new RecommenderMetrics(meters);
    final SealedFixture sealed = new SealedFixture();
    TopologyTestDriver driver;
    SealedFixture.Publisher updater;

    @BeforeEach
    void startDriver() {
        // The service's own Streams configuration, record caches included.
        driver = new TopologyTestDriver(RecommenderTopology.build(RecommenderSettings.defaults(),
                new CatalogueIndex(Duration.ofDays(1)), SealedFixture.CIPHER, Clock.fixed(NOW, ZoneOffset.UTC),
                RankedListCache.disabled(), metrics.pipelineLatency()),
                StreamsConfigFactory.create(new KafkaProperties("unused:9092", Map.of()),
                        new StreamsProperties("recommender-service", stateDir.toString(), 1, "exactly_once_v2",
                                (short) 1, Duration.ofMillis(100), 8, "")));
        updater = sealed.publisher(driver);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    static UserProfile profile(String userKey, long events) {
        Instant t = NOW.minusSeconds(60);
        return new UserProfile(userKey, events, Map.of(), new DecayedScores(t, Map.of()), new DecayedScores(t, Map.of()),
                PriceBand.empty(), Rfm.empty(), 1, null, List.of(), List.of(), t, t);
    }

    Timer latency() {
        return meters.get(RecommenderMetrics.PIPELINE_LATENCY).tag("stage", "recommender").timer();
    }

    @Test
    void shouldTimeEveryAppliedProfileUpdateFromIngestAcceptance() {
        updater.keyAndProfile(profile("u1", 1), NOW.minusMillis(250));
        updater.keyAndProfile(profile("u2", 1), NOW.minusSeconds(1));
        updater.profile(profile("u1", 2), NOW.minusMillis(40));

        assertThat(latency().count()).isEqualTo(3);
        assertThat(latency().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1290.0);
        assertThat(latency().max(TimeUnit.MILLISECONDS)).isEqualTo(1000.0);
        // Recorded once the update is in the store the request path queries.
        assertThat(sealed.open("u1", driver.<String, byte[]>getKeyValueStore(RecommenderTopology.PROFILES_STORE)
                .get("u1"), UserProfile.class).eventCount()).isEqualTo(2);
    }

    @Test
    void shouldNotTimeKeysAloneOrProfileTombstones() {
        updater.key("u3", NOW.minusMillis(10));
        updater.keyAndProfile(profile("u1", 1), NOW.minusMillis(250));
        updater.deleteProfile("u1", NOW.minusMillis(5));

        assertThat(latency().count()).isEqualTo(1);
        assertThat(latency().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250.0);
    }

    @Test
    void shouldTimeProfilesInTheTaskThatHoldsThem() {
        TopologyDescription.Subtopology withProfiles = driverTopologyDescription().subtopologies().stream()
                .filter(sub -> sub.nodes().stream().anyMatch(n -> n.name().equals(RecommenderTopology.PROFILES_SOURCE)))
                .findFirst().orElseThrow();

        assertThat(withProfiles.nodes()).extracting(TopologyDescription.Node::name)
                .contains(RecommenderTopology.PROFILE_UPDATES, RecommenderTopology.SERVABLE_LATENCY);
    }

    private TopologyDescription driverTopologyDescription() {
        return RecommenderTopology.build(RecommenderSettings.defaults(), new CatalogueIndex(Duration.ofDays(1)),
                SealedFixture.CIPHER, Clock.fixed(NOW, ZoneOffset.UTC), RankedListCache.disabled(),
                metrics.pipelineLatency()).describe();
    }
}
