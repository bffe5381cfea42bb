package io.profilestream.profileupdater.profile;

import static io.profilestream.profileupdater.profile.TestEvents.T0;
import static io.profilestream.profileupdater.profile.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.ml.serving.ModelRegistry;
import io.profilestream.ml.serving.ServingModel;
import io.profilestream.ml.serving.ServingModels;
import io.profilestream.ml.testing.TestModels;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.Consent;
import io.profilestream.model.event.EventType;
import io.profilestream.model.serde.Json;
import io.profilestream.model.topic.Topics;
import io.profilestream.profileupdater.neural.NeuralMetrics;
import io.profilestream.profileupdater.neural.NeuralProfileStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The opened-profile cache ({@link OpenedProfiles}) through the real {@link ProfileTopology} with the
 * LSTM step: whole runs with the cache and without it must publish the same profiles, record for
 * record, because a hit must process an event exactly as opening the stored profile would.
 */
class OpenedProfilesTopologyTest {

    private static final int USERS = 6;
    private static final int EVENTS = 300;
    private static final EventType[] TYPES = {EventType.VIEW, EventType.VIEW, EventType.VIEW, EventType.ADD_TO_CART,
        EventType.PURCHASE, EventType.SEARCH};

    @TempDir
    Path tmp;

    private ServingModel model;

    @BeforeEach
    void loadModel() throws IOException {
        model = ServingModels.load(TestModels.exportRandom(tmp.resolve("models"), "v1", 40, 4, 8, 5L));
    }

    /** A seeded interleaving of {@link #USERS} shoppers: sessions, items in and out of the model, searches. */
    private static List<CleanEvent> clickstream(long seed) {
        Random random = new Random(seed);
        int[] sessions = new int[USERS];
        List<CleanEvent> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            int u = random.nextInt(USERS);
            if (random.nextInt(10) == 0) {
                sessions[u]++;
            }
            EventType type = TYPES[random.nextInt(TYPES.length)];
            TestEvents e = event(type, T0.plus(Duration.ofSeconds(30L * i))).user(user(u)).session("s" + u + "-" + sessions[u]);
            // Items 0-39 are in the model's vocabulary, 40-49 are not.
            e = type == EventType.SEARCH ? e.query("query " + random.nextInt(5)).category("cat-" + random.nextInt(4))
                    : e.item("item-" + random.nextInt(50)).category("cat-" + random.nextInt(4)).price("19.99", "EUR");
            events.add(e.build());
        }
        return events;
    }

    private static String user(int u) {
        return String.format("%02x", 16 + u).repeat(32);
    }

    /** One run over a fresh driver: every published profile as JSON, and the cache's counters. */
    private Run run(List<CleanEvent> events, ProfileSettings.OpenedCache cache) throws IOException {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "profile-updater");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(tmp, "state").toString());
        NeuralProfileStep step = new NeuralProfileStep(ModelRegistry.fixed(model), 50, new NeuralMetrics(new SimpleMeterRegistry()));
        ProfileTopology.Deps deps = new ProfileTopology.Deps(ProfileSettings.defaults().withOpenedCache(cache), step,
                TestCipher.CIPHER);
        try (TopologyTestDriver driver = new TopologyTestDriver(ProfileTopology.build(deps), props)) {
            TestInputTopic<String, CleanEvent> input = driver.createInputTopic(Topics.CLEAN_EVENTS.name(),
                    Topics.CLEAN_EVENTS.keySerde().serializer(), Topics.CLEAN_EVENTS.valueSerde().serializer());
            events.forEach(e -> input.pipeInput(e.userKey(), e, e.eventTime()));
            List<String> published = new ArrayList<>();
            for (KeyValue<String, ?> kv : new SealedOutputs(driver).readProfiles()) {
                published.add(kv.key + " " + (kv.value == null ? "null" : json(kv.value)));
            }
            return new Run(published, total(driver, "opened-profile-hits-total"), total(driver, "opened-profile-misses-total"));
        }
    }

    private static String json(Object value) throws JsonProcessingException {
        return Json.mapper().writeValueAsString(value);
    }

    private static long total(TopologyTestDriver driver, String metric) {
        return (long) driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(metric))
                .mapToDouble(e -> (Double) e.getValue().metricValue())
                .sum();
    }

    private record Run(List<String> published, long hits, long misses) {
    }

    @Test
    void shouldPublishTheSameProfilesWithTheOpenedCacheAsWithout() throws IOException {
        List<CleanEvent> events = clickstream(42);

        Run cached = run(events, ProfileSettings.OpenedCache.defaults());
        Run opened = run(events, ProfileSettings.OpenedCache.off());

        assertThat(cached.published()).hasSize(EVENTS).isEqualTo(opened.published());
        // Only each user's first event found nothing to reuse.
        assertThat(cached.hits()).isEqualTo(EVENTS - USERS);
        assertThat(cached.misses()).isEqualTo(USERS);
        assertThat(opened.hits()).isZero();
        assertThat(opened.misses()).isEqualTo(EVENTS);
        // The runs carry neural state, so the cache served LSTM states too.
        assertThat(cached.published().get(EVENTS - 1)).contains("\"neural\":{");
    }

    @Test
    void shouldOpenTheStoredProfileWhenTheCacheHoldsTooFewUsers() throws IOException {
        List<CleanEvent> events = clickstream(7);

        Run small = run(events, new ProfileSettings.OpenedCache(2, Duration.ofMinutes(2)));
        Run opened = run(events, ProfileSettings.OpenedCache.off());

        assertThat(small.published()).isEqualTo(opened.published());
        assertThat(small.hits() + small.misses()).isEqualTo(EVENTS);
        // Six users take turns at random, so two entries serve some events and miss many.
        assertThat(small.hits()).isPositive().isLessThan(EVENTS - USERS);
    }

    @Test
    void shouldStartAnEmptyProfileAfterConsentIsWithdrawnAndGrantedAgain() throws IOException {
        String alice = user(0);
        List<CleanEvent> events = List.of(
                event(EventType.VIEW, T0).user(alice).session("s1").item("item-1").build(),
                event(EventType.VIEW, T0.plusSeconds(10)).user(alice).session("s1").item("item-2").build(),
                event(EventType.VIEW, T0.plusSeconds(20)).user(alice).session("s1").item("item-3")
                        .consent(Consent.WITHDRAWN).build(),
                event(EventType.VIEW, T0.plusSeconds(30)).user(alice).session("s2").item("item-4")
                        .consent(Consent.GRANTED).build(),
                event(EventType.VIEW, T0.plusSeconds(40)).user(alice).session("s2").item("item-5").build());

        Run cached = run(events, ProfileSettings.OpenedCache.defaults());
        Run opened = run(events, ProfileSettings.OpenedCache.off());

        assertThat(cached.published()).isEqualTo(opened.published()).hasSize(5);
        assertThat(cached.published().get(2)).isEqualTo(alice + " null");
        assertThat(cached.published().get(3)).contains("\"eventCount\":1,");
        assertThat(cached.published().get(4)).contains("\"eventCount\":2,");
        // The first event and the first after the withdrawal opened nothing; the other two were served.
        assertThat(cached.hits()).isEqualTo(2);
        assertThat(cached.misses()).isEqualTo(2);
    }
}
