package io.profilestream.trainer.churn;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.generator.ClickstreamGenerator;
import io.profilestream.generator.GeneratorSettings;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The fixture of the train/serve skew tests ({@code ChurnSkewTest}, {@code SegmentSkewTest}): one
 * generated event list, folded once by the profile-updater's real topology (read back the way the
 * profile endpoint reads it) and once by the trainer's path (the events as a JSON-lines file, the
 * trainer's importer, {@link ProfileReplay}), as pairs of profiles per user.
 *
 * <p>The generator is set to the event types the trainer's interactions carry faithfully (the
 * Taobao sample's kinds: views, carts, purchases, plus removals and reviews): the importer skips
 * searches without an item and keeps no star rating, so those two would differ, and the Taobao
 * sample has neither. Events are piped in event-time order, the order the trainer replays them in.
 */
public final class ServedAndReplayedProfiles {

    /** Generated events, 20 users. */
    public static final int EVENTS = 1500;
    public static final int USERS = 20;

    private static final UserDataCipher CIPHER = new UserDataCipher("m1", new byte[32]);

    /** One user's profile as the service holds it and as the trainer replays it. */
    public record Pair(String user, UserProfile served, UserProfile replayed) {
    }

    /**
     * @param asOf  six hours after the last event: the reference time for recency features
     * @param pairs one per user, each already checked for the same sessions and category affinities
     */
    public record Result(Instant asOf, List<Pair> pairs) {
    }

    private ServedAndReplayedProfiles() {
    }

    /** Folds the events both ways, with the service's state in {@code stateDir}. */
    public static Result fold(Path stateDir) throws Exception {
        List<RawEvent> events = generated();
        Instant asOf = events.stream().map(RawEvent::timestamp).max(Comparator.naturalOrder()).orElseThrow()
                .plus(Duration.ofHours(6));

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

        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "profile-updater");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(ProfileTopology.build(
                ProfileTopology.Deps.explicitOnly(ProfileSettings.defaults(), CIPHER)), props)) {
            TestInputTopic<String, CleanEvent> input = driver.createInputTopic(Topics.CLEAN_EVENTS.name(),
                    Topics.CLEAN_EVENTS.keySerde().serializer(), Topics.CLEAN_EVENTS.valueSerde().serializer());
            events.stream().sorted(Comparator.comparing(RawEvent::timestamp)).map(ServedAndReplayedProfiles::clean)
                    .forEach(e -> input.pipeInput(e.userKey(), e, e.eventTime()));
            KeyValueStore<String, byte[]> profiles = driver.getKeyValueStore(ProfileTopology.PROFILE_STORE);
            KeyValueStore<String, byte[]> keys = driver.getKeyValueStore(ProfileTopology.USER_KEYS_STORE);
            SealedProfileReader reader = new SealedProfileReader(CIPHER);

            assertThat(byUser).hasSize(USERS);
            long folded = 0;
            List<Pair> pairs = new ArrayList<>();
            for (Map.Entry<String, List<CleanEvent>> user : byUser.entrySet()) {
                UserProfile served = reader.read(profiles, keys, user.getKey()).orElseThrow();
                UserProfile replayed = replay.fold(user.getValue());
                folded += replayed.eventCount();
                assertThat(replayed.sessionCount()).as(user.getKey()).isEqualTo(served.sessionCount());
                assertThat(replayed.categoryAffinity()).as(user.getKey()).isEqualTo(served.categoryAffinity());
                pairs.add(new Pair(user.getKey(), served, replayed));
            }
            assertThat(folded).isEqualTo(EVENTS);
            return new Result(asOf, List.copyOf(pairs));
        }
    }

    private static List<RawEvent> generated() {
        GeneratorSettings d = GeneratorSettings.defaults(11, USERS, 300);
        GeneratorSettings settings = new GeneratorSettings(d.seed(), d.users(), d.items(), d.itemZipfExponent(), d.start(),
                Duration.ofMinutes(1), d.meanEventGap(), d.meanSessionEvents(), d.cartRate(), d.purchaseRate(),
                d.removeRate(), 0.0, d.reviewRate(), 0.0, d.currency());
        return new ClickstreamGenerator(settings, "skew").take(EVENTS);
    }

    /** What the privacy filter passes on, minus the pseudonymisation (the user id serves as key). */
    private static CleanEvent clean(RawEvent r) {
        return new CleanEvent(r.schemaVersion(), r.eventId(), r.userId(), "k1", r.sessionId(), r.type(), r.itemId(),
                r.category(), r.brand(), r.price(), r.currency(), r.quantity(), r.query(), r.reviewText(), r.rating(),
                r.timestamp());
    }
}
