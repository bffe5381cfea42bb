package io.profilestream.trainer.data;

import io.profilestream.model.config.EncryptionProperties;
import io.profilestream.model.crypto.UndecryptableException;
import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.topic.Topic;
import io.profilestream.model.topic.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * The current profiles, as the services hold them ({@code --from-profiles}): the compacted
 * {@link Topics#PROFILES} (user key to sealed {@link UserProfile}) and {@link Topics#USER_KEYS}
 * (user key to wrapped data key; a tombstone destroys the key) read as tables, each profile opened
 * with its user's data key under the master key the services share.
 *
 * <p>Erased users are excluded by construction: erasure and withdrawn consent destroy the user's
 * data key, so their profile, and every copy compaction has not yet removed, has no key or does
 * not open (crypto-shredding). Such a profile is skipped and counted, never fatal, and neither the
 * user key nor the exception is printed.
 */
public final class ProfileSnapshot {

    /** The master secret, as the services read it (profilestream.encryption.master-key). */
    public static final String MASTER_KEY_ENV = "PROFILESTREAM_ENCRYPTION_MASTER_KEY";
    /** The master key's id, as the services read it (profilestream.encryption.master-key-id). */
    public static final String MASTER_KEY_ID_ENV = "PROFILESTREAM_ENCRYPTION_MASTER_KEY_ID";
    /** {@link EncryptionProperties}' default id. */
    static final String DEFAULT_MASTER_KEY_ID = "m1";

    private ProfileSnapshot() {
    }

    /**
     * The opened profiles and what was left out.
     *
     * @param profiles      opened profiles with at least one event, in the profiles table's order
     * @param profilesTable the profiles topic as read
     * @param keysTable     the user-keys topic as read
     * @param withoutKey    profiles whose user has no data key: destroyed (erased, consent withdrawn) or not yet written
     * @param undecryptable profiles that do not open: sealed under an earlier key, a master key not held, or altered
     * @param withoutEvents opened profiles without an event, skipped as the services do (nothing to place)
     */
    public record Result(List<UserProfile> profiles, CompactedTopic.Table profilesTable, CompactedTopic.Table keysTable,
                         long withoutKey, long undecryptable, long withoutEvents) {

        /** The read's facts for the artifact's {@code training.input} and the report. */
        public Map<String, Object> facts(String masterKeyId) {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("source", "profiles");
            facts.put("profilesTopic", table(Topics.PROFILES, profilesTable));
            facts.put("userKeysTopic", table(Topics.USER_KEYS, keysTable));
            facts.put("masterKeyId", masterKeyId);
            facts.put("profiles", profilesTable.latest().size());
            facts.put("used", profiles.size());
            facts.put("withoutKeySkipped", withoutKey);
            facts.put("undecryptableSkipped", undecryptable);
            facts.put("withoutEventsSkipped", withoutEvents);
            return facts;
        }

        private static Map<String, Object> table(Topic<?, ?> topic, CompactedTopic.Table table) {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("topic", topic.name());
            Map<String, Long> ends = new LinkedHashMap<>();
            table.endOffsets().forEach((tp, end) -> ends.put(String.valueOf(tp.partition()), end));
            facts.put("endOffsets", ends);
            facts.put("records", table.records());
            facts.put("tombstones", table.tombstones());
            facts.put("keylessSkipped", table.keyless());
            return facts;
        }
    }

    /**
     * The cipher the services run with, from their environment variables ({@value #MASTER_KEY_ENV},
     * {@value #MASTER_KEY_ID_ENV}, default id {@value #DEFAULT_MASTER_KEY_ID}). Without a master key
     * only {@code localDevelopmentKey} (the services' {@code local} profile) gives the public key.
     *
     * @param environment reads a variable ({@code System::getenv} in production); null when unset
     * @throws IllegalArgumentException naming the variable, when no usable key or id is configured
     */
    public static UserDataCipher cipher(Function<String, String> environment, boolean localDevelopmentKey) {
        String key = environment.apply(MASTER_KEY_ENV);
        key = key == null ? "" : key;
        String id = environment.apply(MASTER_KEY_ID_ENV);
        id = id == null || id.isBlank() ? DEFAULT_MASTER_KEY_ID : id;
        if (key.isEmpty() && !localDevelopmentKey) {
            throw new IllegalArgumentException("--from-profiles opens the profiles with the master key the services hold: "
                    + "set " + MASTER_KEY_ENV + " (and " + MASTER_KEY_ID_ENV + " unless it is " + DEFAULT_MASTER_KEY_ID
                    + ") to the values profile-updater and recommender-service run with, or pass --local-development-key "
                    + "against a local stack");
        }
        if (!id.matches("[A-Za-z0-9._-]{1,32}")) {
            throw new IllegalArgumentException(MASTER_KEY_ID_ENV + " must be 1-32 characters of A-Z, a-z, 0-9, '.', '_' "
                    + "or '-'");
        }
        if (!key.isEmpty() && key.length() < UserDataCipher.MIN_MASTER_KEY_CHARS) {
            throw new IllegalArgumentException(MASTER_KEY_ENV + " is " + key.length() + " characters long; it must be at "
                    + "least " + UserDataCipher.MIN_MASTER_KEY_CHARS + " (the value the services run with)");
        }
        return UserDataCipher.fromProperties(new EncryptionProperties(key, id), localDevelopmentKey);
    }

    /**
     * Reads both topics and opens the profiles, printing one summary line to {@code err}.
     *
     * @param consumers makes each topic's consumer from its configuration ({@code KafkaConsumer::new} in production)
     */
    public static Result read(EventSource.TopicSource source, UserDataCipher cipher,
                              Function<Map<String, Object>, Consumer<byte[], byte[]>> consumers, PrintWriter err) {
        // Profiles first, keys second: a key destroyed while the profiles were read is still seen
        // destroyed, and a new user's key is written before their first profile.
        CompactedTopic.Table profiles = table(Topics.PROFILES, source, consumers);
        CompactedTopic.Table keys = table(Topics.USER_KEYS, source, consumers);
        Result result = open(profiles, keys, cipher);
        err.printf("profiles %s up to end offsets %s, user keys %s up to end offsets %s: %d profiles, %d opened with events; "
                        + "skipped: %d without a data key (erased or consent withdrawn), %d undecryptable, %d without events%n",
                Topics.PROFILES.name(), CompactedTopic.describe(profiles.endOffsets()), Topics.USER_KEYS.name(),
                CompactedTopic.describe(keys.endOffsets()), profiles.latest().size(), result.profiles().size(),
                result.withoutKey(), result.undecryptable(), result.withoutEvents());
        return result;
    }

    /** Opens each profile of {@code profiles} with its user's key in {@code keys}. */
    static Result open(CompactedTopic.Table profiles, CompactedTopic.Table keys, UserDataCipher cipher) {
        List<UserProfile> opened = new ArrayList<>();
        long withoutKey = 0;
        long undecryptable = 0;
        long withoutEvents = 0;
        for (Map.Entry<String, byte[]> e : profiles.latest().entrySet()) {
            byte[] wrappedKey = keys.latest().get(e.getKey());
            if (wrappedKey == null) {
                withoutKey++;
                continue;
            }
            UserProfile profile;
            try {
                profile = cipher.openJson(e.getKey(), wrappedKey, e.getValue(), UserProfile.class);
            } catch (UndecryptableException notOpened) {
                // Counted, as the services count it; never printed, so no user key reaches a log.
                undecryptable++;
                continue;
            }
            // SegmentAssigner places no profile without events.
            if (profile.lastEventTime() == null) {
                withoutEvents++;
            } else {
                opened.add(profile);
            }
        }
        return new Result(List.copyOf(opened), profiles, keys, withoutKey, undecryptable, withoutEvents);
    }

    private static CompactedTopic.Table table(Topic<String, byte[]> topic, EventSource.TopicSource source,
                                              Function<Map<String, Object>, Consumer<byte[], byte[]>> consumers) {
        try (Consumer<byte[], byte[]> consumer = consumers.apply(
                TopicHistory.consumerConfig(source.bootstrapServers, source.consumerProperties))) {
            return CompactedTopic.read(consumer, topic.name(), topic.keySerde().deserializer(), Duration.ofSeconds(1),
                    EventSource.MAX_IDLE_POLLS);
        }
    }
}
