package io.profilestream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.profilestream.model.config.EncryptionProperties;
import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.PriceBand;
import io.profilestream.model.profile.Rfm;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.topic.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --from-profiles}: the profiles and user-keys topics read as tables, each profile opened as the services open it. */
class ProfileSnapshotTest {

    static final String MASTER_KEY = "test-master-key-for-profile-snapshots-0123456789";
    static final Map<String, String> ENV = Map.of(ProfileSnapshot.MASTER_KEY_ENV, MASTER_KEY,
            ProfileSnapshot.MASTER_KEY_ID_ENV, "t1");

    private final UserDataCipher cipher = ProfileSnapshot.cipher(ENV::get, false);
    private final HistoryConsumer profiles = new HistoryConsumer(Topics.PROFILES.name(), 2);
    private final HistoryConsumer keys = new HistoryConsumer(Topics.USER_KEYS.name(), 2);
    private final List<Map<String, Object>> configs = new ArrayList<>();
    private final StringWriter err = new StringWriter();

    static UserProfile profile(String userKey, long events) {
        Instant last = events == 0 ? null : Instant.parse("2026-11-29T10:00:00Z");
        return new UserProfile(userKey, events, Map.of(), DecayedScores.empty(), DecayedScores.empty(), PriceBand.empty(),
                Rfm.empty(), 0, null, List.of(), List.of(), last, last);
    }

    private ProfileSnapshot.Result read() {
        EventSource.TopicSource source = new EventSource.TopicSource();
        source.bootstrapServers = "kafka:9092";
        source.consumerProperties = Map.of("security.protocol", "SASL_SSL");
        Deque<Consumer<byte[], byte[]>> order = new ArrayDeque<>(List.of(profiles, keys));
        return ProfileSnapshot.read(source, cipher, config -> {
            configs.add(config);
            return order.removeFirst();
        }, new PrintWriter(err, true));
    }

    @Test
    void shouldOpenTheLatestProfileOfEachUserWithALiveKeyAndCountEverythingItSkips() {
        byte[] k1 = cipher.newWrappedKey("u1");
        byte[] k2 = cipher.newWrappedKey("u2");
        byte[] k3 = cipher.newWrappedKey("u3");
        byte[] k4 = cipher.newWrappedKey("u4");
        byte[] k5old = cipher.newWrappedKey("u5");
        byte[] k5new = cipher.newWrappedKey("u5");
        UserDataCipher otherMaster = new UserDataCipher("t2", new byte[32]);
        byte[] k6 = otherMaster.newWrappedKey("u6");
        profiles.append(0, 1, "u1", cipher.sealJson("u1", k1, profile("u1", 1)))
                .append(1, 2, "u2", cipher.sealJson("u2", k2, profile("u2", 3)))
                .append(0, 3, "u3", cipher.sealJson("u3", k3, profile("u3", 2)))
                .append(0, 4, "u1", cipher.sealJson("u1", k1, profile("u1", 7)))
                .append(1, 5, "u4", cipher.sealJson("u4", k4, profile("u4", 0)))
                // Sealed under u5's earlier data key, destroyed on erasure; u5 came back with a new one.
                .append(1, 6, "u5", cipher.sealJson("u5", k5old, profile("u5", 4)))
                .append(0, 7, "u6", otherMaster.sealJson("u6", k6, profile("u6", 5)))
                .append(1, 8, null, cipher.sealJson("u1", k1, profile("u1", 9)));
        // Written after the read captured the end offsets: the next run's.
        byte[] tooNew = cipher.sealJson("u1", k1, profile("u1", 11));
        profiles.schedulePollTask(() -> profiles.append(0, 9, "u1", tooNew));
        keys.append(0, 1, "u1", k1).append(1, 1, "u2", k2).append(0, 1, "u3", k3).append(1, 1, "u4", k4)
                .append(1, 1, "u5", k5old).append(0, 1, "u6", k6)
                // u3 erased: the key's tombstone is the erasure.
                .append(0, 2, "u3", null)
                .append(1, 2, "u5", null).append(1, 3, "u5", k5new);

        ProfileSnapshot.Result result = read();

        assertThat(result.profiles()).extracting(UserProfile::userKey, UserProfile::eventCount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("u1", 7L), org.assertj.core.groups.Tuple.tuple("u2", 3L));
        assertThat(result.withoutKey()).isEqualTo(1);
        assertThat(result.undecryptable()).isEqualTo(2);
        assertThat(result.withoutEvents()).isEqualTo(1);
        assertThat(result.profilesTable().records()).isEqualTo(8);
        assertThat(result.profilesTable().keyless()).isEqualTo(1);
        assertThat(result.profilesTable().endOffsets()).containsExactly(
                Map.entry(new TopicPartition(Topics.PROFILES.name(), 0), 4L),
                Map.entry(new TopicPartition(Topics.PROFILES.name(), 1), 4L));
        assertThat(result.keysTable().tombstones()).isEqualTo(2);
        assertThat(result.keysTable().latest()).containsOnlyKeys("u1", "u6", "u2", "u4", "u5");
        assertThat(err.toString()).isEqualTo("profiles profilestream.profiles.v1 up to end offsets {0=4, 1=4}, user keys "
                + "profilestream.user-keys.v1 up to end offsets {0=4, 1=5}: 6 profiles, 2 opened with events; skipped: "
                + "1 without a data key (erased or consent withdrawn), 2 undecryptable, 1 without events"
                + System.lineSeparator());
        assertThat(err.toString()).doesNotContain("u3", "u5", "u6");
        assertThat(configs).hasSize(2).allSatisfy(c -> assertThat(c).containsEntry("bootstrap.servers", "kafka:9092")
                .containsEntry("isolation.level", "read_committed").containsEntry("security.protocol", "SASL_SSL")
                .doesNotContainKey("group.id"));
        assertThat(profiles.closed()).isTrue();
        assertThat(keys.closed()).isTrue();
    }

    @Test
    void shouldDescribeTheReadForTheArtifact() {
        byte[] k1 = cipher.newWrappedKey("u1");
        profiles.append(0, 1, "u1", cipher.sealJson("u1", k1, profile("u1", 2))).append(1, 1, "u2", new byte[] {1, 2, 3});
        keys.append(0, 1, "u1", k1).append(1, 1, "u2", cipher.newWrappedKey("u2"));

        Map<String, Object> facts = read().facts("t1");

        assertThat(facts).containsExactly(Map.entry("source", "profiles"),
                Map.entry("profilesTopic", Map.of("topic", "profilestream.profiles.v1", "endOffsets", Map.of("0", 1L, "1", 1L),
                        "records", 2L, "tombstones", 0L, "keylessSkipped", 0L)),
                Map.entry("userKeysTopic", Map.of("topic", "profilestream.user-keys.v1", "endOffsets", Map.of("0", 1L, "1", 1L),
                        "records", 2L, "tombstones", 0L, "keylessSkipped", 0L)),
                Map.entry("masterKeyId", "t1"), Map.entry("profiles", 2), Map.entry("used", 1),
                Map.entry("withoutKeySkipped", 0L), Map.entry("undecryptableSkipped", 1L), Map.entry("withoutEventsSkipped", 0L));
    }

    @Test
    void shouldRefuseToRunWithoutAMasterKeyUnlessTheLocalDevelopmentKeyIsAsked() {
        assertThatThrownBy(() -> ProfileSnapshot.cipher(new HashMap<String, String>()::get, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--from-profiles opens the profiles with the master key the services hold: set "
                        + "PROFILESTREAM_ENCRYPTION_MASTER_KEY (and PROFILESTREAM_ENCRYPTION_MASTER_KEY_ID unless it is m1) "
                        + "to the values profile-updater and recommender-service run with, or pass --local-development-key "
                        + "against a local stack");

        // The key the services' 'local' profile uses: what they sealed, the trainer opens.
        UserDataCipher local = UserDataCipher.fromProperties(new EncryptionProperties("", "m1"), true);
        UserDataCipher trainer = ProfileSnapshot.cipher(new HashMap<String, String>()::get, true);
        byte[] key = local.newWrappedKey("u1");
        assertThat(trainer.masterKeyId()).isEqualTo("m1");
        assertThat(trainer.openJson("u1", key, local.sealJson("u1", key, profile("u1", 2)), UserProfile.class).eventCount())
                .isEqualTo(2);
    }

    @Test
    void shouldPreferTheConfiguredKeyToTheLocalDevelopmentKey() {
        byte[] key = cipher.newWrappedKey("u1");

        UserDataCipher trainer = ProfileSnapshot.cipher(ENV::get, true);

        assertThat(trainer.masterKeyId()).isEqualTo("t1");
        assertThat(trainer.openJson("u1", key, cipher.sealJson("u1", key, profile("u1", 2)), UserProfile.class).eventCount())
                .isEqualTo(2);
    }

    @Test
    void shouldRefuseAShortMasterKeyOrABadIdNamingTheVariable() {
        assertThatThrownBy(() -> ProfileSnapshot.cipher(Map.of(ProfileSnapshot.MASTER_KEY_ENV, "REPLACE-ME")::get, false))
                .hasMessage("PROFILESTREAM_ENCRYPTION_MASTER_KEY is 10 characters long; it must be at least 32 (the value "
                        + "the services run with)");
        assertThatThrownBy(() -> ProfileSnapshot.cipher(Map.of(ProfileSnapshot.MASTER_KEY_ENV, MASTER_KEY,
                ProfileSnapshot.MASTER_KEY_ID_ENV, "m 1")::get, false))
                .hasMessage("PROFILESTREAM_ENCRYPTION_MASTER_KEY_ID must be 1-32 characters of A-Z, a-z, 0-9, '.', '_' or '-'");
    }

    @Test
    void shouldOfferFromProfilesOnlyBesidesTheKafkaOptionsAndNeverWithFromTopic() {
        CommandLine cli = new CommandLine(new Holder());

        assertThat(cli.getCommandSpec().findOption("--from-profiles")).isNotNull();
        assertThat(new CommandLine(new Holder()).parseArgs("--from-profiles", "--bootstrap-servers", "k:9092")
                .hasMatchedOption("--from-profiles")).isTrue();
        assertThatThrownBy(() -> new CommandLine(new Holder()).parseArgs("--from-topic", "--from-profiles",
                "--bootstrap-servers", "k:9092")).hasMessage("Error: --from-topic and (--from-profiles "
                + "[--local-development-key]) are mutually exclusive (specify only one)");
    }

    @CommandLine.Command(name = "holder")
    static final class Holder {
        @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        EventSource source;
    }
}
