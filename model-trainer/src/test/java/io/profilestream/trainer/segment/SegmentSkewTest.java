package io.profilestream.trainer.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.generator.ClickstreamGenerator;
import io.profilestream.generator.GeneratorSettings;
import io.profilestream.ml.segment.SegmentFeatures;
import io.profilestream.trainer.churn.ProfileReplay;
import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.serde.Json;
import io.profilestream.model.topic.Topics;
import io.profilestream.profileupdater.profile.ProfileSettings;
import io.profilestream.profileupdater.profile.ProfileTopology;
import io.profilestream.profileupdater.query.SealedProfileReader;
import io.profilestream.trainer.data.ImportSettings;
import io.profilestream.trainer.data.InteractionImporter;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No train/serve skew: one generated event list, folded once by the profile-updater's real
 * topology (read back the way the profile endpoint reads it) and once by the trainer's path
 * (the events as a file, the trainer's importer, {@link ProfileReplay}), gives every user the
 * same segment feature vector, to the last bit (the same check as {@code ChurnSkewTest} for the
 * churn features, here with prices, which the segment features use).
 *
 * <p>The generator is set to the event types the trainer's interactions carry faithfully (the
 * Taobao sample's kinds: views, carts, purchases, plus removals and reviews): the importer skips
 * searches without an item and keeps no star rating, so those two would differ, and the Taobao
 * sample has neither. Events are piped in event-time order, the order the trainer replays them in.
 */
class SegmentSkewTest {

    private static final UserDataCipher CIPHER = new UserDataCipher("m1", new byte[32]);

    @TempDir
    Path stateDir;

    private static List<RawEvent> generated() {
        GeneratorSettings d = GeneratorSettings.defaults(11, 20, 300);
        GeneratorSettings settings = new GeneratorSettings(d.seed(), d.users(), d.items(), d.itemZipfExponent(), d.start(),
                Duration.ofMinutes(1), d.meanEventGap(), d.meanSessionEvents(), d.cartRate(), d.purchaseRate(),
                d.removeRate(), 0.0, d.reviewRate(), 0.0, d.currency());
        return new ClickstreamGenerator(settings, "skew").take(1500);
    }

    /** What the privacy filter passes on, minus the pseudonymisation (the user id serves as key). */
    private static CleanEvent clean(RawEvent r) {
        return new CleanEvent(r.schemaVersion(), r.eventId(), r.userId(), "k1", r.sessionId(), r.type(), r.itemId(),
                r.category(), r.brand(), r.price(), r.currency(), r.quantity(), r.query(), r.reviewText(), r.rating(),
                r.timestamp());
    }

    @Test
    void shouldGiveIdenticalFeatureVectorsFromTheServiceFoldAndTheTrainerReplay() throws Exception {
        List<RawEvent> events = generated();
        Instant asOf = events.stream().map(RawEvent::timestamp).max(Comparator.naturalOrder()).orElseThrow()
                .plus(Duration.ofHours(6));

        // Trainer: the events as a JSON-lines file, as 'generate' writes them, through the importer.
        StringBuilder jsonl = new StringBuilder();
        for (RawEvent e : events) {
            jsonl.append(Json.mapper().writeValueAsString(e)).append('\n');
        }
        InteractionImporter.Result imported = InteractionImporter.read(new StringReader(jsonl.toString()),
                ImportSettings.PRESETS.get(ImportSettings.PROFILESTREAM));
        assertThat(imported.rejections()).isEmpty();
        assertThat(imported.skippedSearches()).isZero();
        ProfileReplay replay = new ProfileReplay(ProfileSettings.defaults());
        Map<String, List<CleanEvent>> byUser = ProfileReplay.eventsByUser(imported.interactions());

        // Service: the real topology, the profile read from its stores as the endpoint reads it.
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "profile-updater");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(ProfileTopology.build(
                ProfileTopology.Deps.explicitOnly(ProfileSettings.defaults(), CIPHER)), props)) {
            TestInputTopic<String, CleanEvent> input = driver.createInputTopic(Topics.CLEAN_EVENTS.name(),
                    Topics.CLEAN_EVENTS.keySerde().serializer(), Topics.CLEAN_EVENTS.valueSerde().serializer());
            events.stream().sorted(Comparator.comparing(RawEvent::timestamp)).map(SegmentSkewTest::clean)
                    .forEach(e -> input.pipeInput(e.userKey(), e, e.eventTime()));
            KeyValueStore<String, byte[]> profiles = driver.getKeyValueStore(ProfileTopology.PROFILE_STORE);
            KeyValueStore<String, byte[]> keys = driver.getKeyValueStore(ProfileTopology.USER_KEYS_STORE);
            SealedProfileReader reader = new SealedProfileReader(CIPHER);

            assertThat(byUser).hasSize(20);
            long folded = 0;
            int priced = 0;
            List<String> categories = SegmentTraining.commonTopCategories(
                    byUser.values().stream().map(replay::fold).toList(), 5);
            assertThat(categories).hasSize(5);
            for (Map.Entry<String, List<CleanEvent>> user : byUser.entrySet()) {
                UserProfile served = reader.read(profiles, keys, user.getKey()).orElseThrow();
                UserProfile replayed = replay.fold(user.getValue());
                folded += replayed.eventCount();

                assertThat(SegmentFeatures.of(replayed, asOf, categories)).as(user.getKey())
                        .containsExactly(SegmentFeatures.of(served, asOf, categories));
                assertThat(SegmentFeatures.topCategory(replayed, categories)).as(user.getKey())
                        .isEqualTo(SegmentFeatures.topCategory(served, categories));
                priced += replayed.priceBand().count() > 0 ? 1 : 0;
                assertThat(replayed.sessionCount()).as(user.getKey()).isEqualTo(served.sessionCount());
                assertThat(replayed.categoryAffinity()).as(user.getKey()).isEqualTo(served.categoryAffinity());
            }
            assertThat(folded).isEqualTo(1500);
            assertThat(priced).isEqualTo(20);
        }
    }
}
