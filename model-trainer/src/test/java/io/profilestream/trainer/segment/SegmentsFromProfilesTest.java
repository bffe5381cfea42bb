package io.profilestream.trainer.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.generator.ClickstreamGenerator;
import io.profilestream.generator.GeneratorSettings;
import io.profilestream.ml.artifact.ModelsDirectory;
import io.profilestream.ml.segment.SegmentArtifact;
import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.RawEvent;
import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.PriceBand;
import io.profilestream.model.profile.Rfm;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.serde.Json;
import io.profilestream.model.topic.Topics;
import io.profilestream.profileupdater.profile.ProfileSettings;
import io.profilestream.trainer.TrainerCli;
import io.profilestream.trainer.churn.ProfileReplay;
import io.profilestream.trainer.data.HistoryConsumer;
import io.profilestream.trainer.data.ImportSettings;
import io.profilestream.trainer.data.InteractionImporter;
import io.profilestream.trainer.data.ProfileSnapshot;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code segments --from-profiles} as the scheduled re-fit runs it: the current sealed profiles into a models directory. */
class SegmentsFromProfilesTest {

    private static final Map<String, String> ENV = Map.of(ProfileSnapshot.MASTER_KEY_ENV,
            "test-master-key-for-the-segments-refit-0123456789", ProfileSnapshot.MASTER_KEY_ID_ENV, "t1");
    private static final String VERSION = "20261130T031500Z-segments";

    @TempDir
    Path dir;

    private final UserDataCipher cipher = ProfileSnapshot.cipher(ENV::get, false);
    private final HistoryConsumer profiles = new HistoryConsumer(Topics.PROFILES.name(), 2);
    private final HistoryConsumer keys = new HistoryConsumer(Topics.USER_KEYS.name(), 2);
    private final List<Map<String, Object>> consumerConfigs = new ArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** The 39 users' profiles as of their last event, folded from the events SegmentsCommandTest clusters. */
    private static List<UserProfile> folded() throws Exception {
        StringBuilder jsonl = new StringBuilder();
        for (RawEvent e : new ClickstreamGenerator(GeneratorSettings.defaults(5, 40, 200), "seg").take(1200)) {
            jsonl.append(Json.mapper().writeValueAsString(e)).append('\n');
        }
        var interactions = InteractionImporter.read(new BufferedReader(new StringReader(jsonl.toString())),
                ImportSettings.PRESETS.get(ImportSettings.PROFILESTREAM)).interactions();
        ProfileReplay replay = new ProfileReplay(ProfileSettings.defaults());
        List<UserProfile> folded = new ArrayList<>();
        for (List<CleanEvent> events : ProfileReplay.eventsByUser(interactions).values()) {
            folded.add(replay.profileAsOf(events, events.get(events.size() - 1).eventTime()));
        }
        return folded;
    }

    /** Appends {@code profile} sealed under {@code key} and, unless null, the key, on the user's partition. */
    private void store(UserDataCipher sealer, UserProfile profile, byte[] key, boolean keyStored) {
        int partition = Math.floorMod(profile.userKey().hashCode(), 2);
        profiles.append(partition, 1, profile.userKey(), sealer.sealJson(profile.userKey(), key, profile));
        if (keyStored) {
            keys.append(partition, 1, profile.userKey(), key);
        }
    }

    private int run(Map<String, String> environment, String... args) {
        CommandLine cli = TrainerCli.commandLine();
        SegmentsCommand segments = (SegmentsCommand) cli.getSubcommands().get("segments").getCommand();
        Deque<Consumer<byte[], byte[]>> order = new ArrayDeque<>(List.of(profiles, keys));
        segments.consumers = config -> {
            consumerConfigs.add(config);
            return order.removeFirst();
        };
        segments.environment = environment::get;
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private List<String> refit(String... more) {
        List<String> args = new ArrayList<>(List.of("segments", "--from-profiles", "--bootstrap-servers", "kafka:9092",
                "--consumer-property", "security.protocol=SASL_SSL", "--k-min", "2", "--k-max", "3", "--k", "3",
                "--categories", "5", "--ledger", dir.resolve("ledger.jsonl").toString(), "--budget", "2.0",
                "--epsilon", "0.1", "--models-dir", dir.resolve("segments").toString()));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void shouldPublishAVersionFittedOnTheOpenedProfilesLeavingOutErasedAndUnreadableOnes() throws Exception {
        List<UserProfile> folded = folded();
        for (UserProfile p : folded) {
            store(cipher, p, cipher.newWrappedKey(p.userKey()), true);
        }
        // An erased user: the profile is still on the topic (not compacted yet), the key's tombstone follows it.
        UserProfile erased = folded.get(0);
        UserProfile renamed = new UserProfile("erased-user", erased.eventCount(), erased.counts(), erased.categoryAffinity(),
                erased.brandAffinity(), erased.priceBand(), erased.rfm(), erased.sessionCount(), null, List.of(), List.of(),
                erased.firstEventTime(), erased.lastEventTime());
        byte[] destroyed = cipher.newWrappedKey("erased-user");
        store(cipher, renamed, destroyed, true);
        keys.append(Math.floorMod("erased-user".hashCode(), 2), 2, "erased-user", null);
        // Sealed by a deployment with another master key.
        UserDataCipher other = new UserDataCipher("t2", new byte[32]);
        UserProfile foreign = new UserProfile("foreign-user", 3, Map.of(), DecayedScores.empty(), DecayedScores.empty(),
                PriceBand.empty(), Rfm.empty(), 1, null, List.of(), List.of(), Instant.EPOCH, Instant.EPOCH);
        store(other, foreign, other.newWrappedKey("foreign-user"), true);
        // A profile whose events were all dropped for want of consent.
        store(cipher, UserProfile.empty("no-events"), cipher.newWrappedKey("no-events"), true);

        int exit = run(ENV, refit("--model-version", VERSION).toArray(String[]::new));

        assertThat(exit).as(err.toString()).isEqualTo(0);
        SegmentArtifact artifact = SegmentArtifact.read(dir.resolve("segments").resolve(VERSION));
        assertThat(ModelsDirectory.versions(dir.resolve("segments"))).containsExactly(VERSION);
        assertThat(artifact.modelVersion()).isEqualTo(VERSION);
        assertThat(artifact.segments()).hasSize(3);
        assertThat(artifact.training()).containsEntry("users", 39).containsEntry("modelVersion", VERSION);
        long partition0 = folded.stream().filter(p -> Math.floorMod(p.userKey().hashCode(), 2) == 0).count()
                + List.of("erased-user", "foreign-user", "no-events").stream().filter(u -> Math.floorMod(u.hashCode(), 2) == 0)
                .count();
        assertThat(Json.mapper().convertValue(artifact.training().get("input"), Map.class)).isEqualTo(Json.mapper().readValue(
                """
                {"source": "profiles",
                 "profilesTopic": {"topic": "profilestream.profiles.v1", "endOffsets": {"0": %d, "1": %d},
                                   "records": 42, "tombstones": 0, "keylessSkipped": 0},
                 "userKeysTopic": {"topic": "profilestream.user-keys.v1", "endOffsets": {"0": %d, "1": %d},
                                   "records": 43, "tombstones": 1, "keylessSkipped": 0},
                 "masterKeyId": "t1", "profiles": 42, "used": 39,
                 "withoutKeySkipped": 1, "undecryptableSkipped": 1, "withoutEventsSkipped": 1}
                """.formatted(partition0, 42 - partition0, keyEnd(0), keyEnd(1)), Map.class));
        assertThat(err.toString()).contains("42 profiles, 39 opened with events; skipped: 1 without a data key (erased or "
                + "consent withdrawn), 1 undecryptable, 1 without events").doesNotContain("erased-user", "foreign-user");
        assertThat(consumerConfigs).hasSize(2).allSatisfy(c -> assertThat(c).containsEntry("bootstrap.servers", "kafka:9092")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("isolation.level", "read_committed")
                .doesNotContainKey("group.id"));
        // Four releases of 0.1 in the one ledger, as with the other sources.
        assertThat(Files.readAllLines(dir.resolve("ledger.jsonl"))).hasSize(4);
    }

    private long keyEnd(int partition) {
        return keys.endOffsets(List.of(new org.apache.kafka.common.TopicPartition(Topics.USER_KEYS.name(), partition)))
                .values().iterator().next();
    }

    @Test
    void shouldRefuseToRunWithoutAMasterKeyBeforeReadingAnything() throws Exception {
        int exit = run(Map.of(), refit().toArray(String[]::new));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines().findFirst()).hasValue("--from-profiles opens the profiles with the master key "
                + "the services hold: set PROFILESTREAM_ENCRYPTION_MASTER_KEY (and PROFILESTREAM_ENCRYPTION_MASTER_KEY_ID "
                + "unless it is m1) to the values profile-updater and recommender-service run with, or pass "
                + "--local-development-key against a local stack");
        assertThat(consumerConfigs).isEmpty();
        // The up-front publish check may have created the (empty) models directory: no version is in it.
        Path segments = dir.resolve("segments");
        assertThat(Files.exists(segments) ? ModelsDirectory.versions(segments) : List.<String>of()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--since=14d", "--topic=profilestream.events.clean.v1"})
    void shouldRefuseSinceAndTopicWhichOnlyTheEventSourcesHave(String option) {
        int exit = run(ENV, refit(option).toArray(String[]::new));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines().findFirst()).hasValue("--from-profiles reads the current profiles "
                + "(profilestream.profiles.v1, profilestream.user-keys.v1): --since and --topic go with --from-topic");
        assertThat(consumerConfigs).isEmpty();
    }

    @Test
    void shouldRefuseProfilesAsAChurnSource() {
        CommandLine cli = TrainerCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("churn", "--from-profiles", "--bootstrap-servers", "kafka:9092");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines().findFirst()).hasValue("--from-profiles is for segments: churn needs an event "
                + "history with a horizon after each cutoff (-i FILE, or --from-topic where the clean-events topic is not "
                + "purged)");
    }
}
