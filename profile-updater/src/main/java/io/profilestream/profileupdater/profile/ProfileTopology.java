package io.profilestream.profileupdater.profile;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.streams.PipelineLatency;
import io.profilestream.model.topic.Topics;
import io.profilestream.model.erasure.ErasureMarkers;
import io.profilestream.profileupdater.neural.NeuralStep;
import io.profilestream.profileupdater.text.TextSignalStep;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The profile-updater's only topology: clean events in, one profile per user in a persistent
 * store, every new profile out on the compacted profiles topic. Each event updates the explicit
 * features and, through {@link Deps#neuralStep()} and {@link Deps#textStep()}, the LSTM state and
 * the text signals in the same processor, so all share one store write and one output record.
 *
 * <p>Encryption at rest (crypto-shredding): every user has a random data key, kept only wrapped by
 * the master key ({@link UserDataCipher}) in {@link #USER_KEYS_STORE} and published on
 * {@link Topics#USER_KEYS}, where the recommender reads it. Profiles are sealed with that key
 * before they reach {@link #PROFILE_STORE}, its changelog or {@link Topics#PROFILES}, so RocksDB
 * files, changelog segments, the profiles topic and their backups hold only ciphertext. Deleting
 * the key (consent withdrawal, erasure) makes every copy sealed under it unreadable at once,
 * including the ones compaction has not removed yet.
 *
 * <p>Erasure commands (right to erasure) are handled by {@link EraseProfileProcessor}, connected to
 * the same stores as {@link ApplyEventProcessor}: that puts both sources in ONE sub-topology, so
 * partition p of the clean and erasure topics (both keyed by pseudonym) is one task holding the
 * user's profile, consent entry and erasure marker.
 *
 * <pre>
 * clean-events --&gt; apply-event -----+---&gt; user-keys-sink (user keys topic: wrapped keys, first)
 *                  (+ expiry sweep)  +---&gt; profiles-sink  (profiles topic: sealed profiles)
 *       [profiles, user-keys,                 ^    ^
 *        profile-activity,                    |    | tombstones of both
 *        consent-withdrawn, erased-users,     |    |
 *        awaiting-handover, holding-keys,     |    |
 *        handed-over] (shared stores)         |    |
 * erasures ------&gt; erase-profile -------------+----+---&gt; erasure-status-sink (erasure status topic)
 * rekeys --------&gt; hand-over ------------------+----+---&gt; handovers-sink (handovers topic)
 * handovers -----&gt; adopt-profile --------------+----+
 * </pre>
 *
 * <p>Stores (all persistent and changelogged, changelog {@code <application.id>-<store>-changelog}):
 * {@link #PROFILE_STORE} (sealed profiles), {@link #USER_KEYS_STORE} (wrapped data keys),
 * {@link #ACTIVITY_STORE} (latest event time and key id per user, for expiry),
 * {@link #CONSENT_STORE} (objections to profiling), {@link #ERASED_STORE} (erasure markers),
 * {@link #AWAITING_HANDOVER_STORE} (sealed events held for a key-rotation handover),
 * {@link #HOLDING_KEYS_STORE} (the wrapped keys those are sealed under) and
 * {@link #HANDED_OVER_STORE} (key-rotation handovers).
 *
 * <p>Storage limitation: every profile write also records the user's latest event time and
 * pseudonymisation key id in {@link #ACTIVITY_STORE}, and every profile deletion deletes that
 * entry. {@link ExpireProfilesPunctuator}, scheduled by {@link ApplyEventProcessor} on wall-clock
 * time, deletes (and tombstones, with the user's data key) the profiles of users inactive for
 * longer than {@link ProfileSettings#retention()} and of users last seen under a key id listed in
 * {@link ProfileSettings#retiredKeyIds()}: after a key rotation, users who never came back would
 * otherwise stay under their old pseudonym for good.
 *
 * <p>Key rotation: the privacy filter's {@link Topics#REKEYS} (keyed by a user's old pseudonym)
 * reach {@link HandOverProcessor} at the task holding the old profile; it hands the profile over on
 * {@link Topics#HANDOVERS} (keyed by the new pseudonym) to {@link AdoptProfileProcessor} at the task
 * of the new pseudonym, where {@link ApplyEventProcessor} holds the user's events marked with a
 * previous pseudonym ({@link #AWAITING_HANDOVER_STORE}) until the handover arrives. Those events
 * are sealed like the profiles, under a key of their own per user ({@link #HOLDING_KEYS_STORE}),
 * destroyed whenever they are released or erased (see {@link HandoverBuffer}). Both
 * processors share the stores above, so every source is in the one sub-topology; the rekeys and
 * handovers topics must therefore have as many partitions as the clean events topic.
 */
public final class ProfileTopology {

    /** Source node reading {@link Topics#CLEAN_EVENTS}. */
    /** The {@code stage} of this service's {@link PipelineLatency}. */
    public static final String LATENCY_STAGE = "profile-updater";
    public static final String SOURCE = "clean-events";
    /** The {@link ApplyEventProcessor} node. */
    public static final String APPLY_EVENT = "apply-event";
    /** Sink node writing {@link Topics#PROFILES}. */
    public static final String SINK = "profiles-sink";
    /** Sink node writing {@link Topics#USER_KEYS}: new wrapped data keys and their tombstones. */
    public static final String USER_KEYS_SINK = "user-keys-sink";
    /**
     * Persistent key-value store of the current profile per user key, as {@link UserDataCipher#sealJson sealed}
     * JSON bytes (never plaintext); its changelog is {@code <application.id>-profiles-changelog}.
     */
    public static final String PROFILE_STORE = "profiles";
    /**
     * Persistent key-value store of each user's data key, wrapped by the master key: user key to
     * {@link UserDataCipher#newWrappedKey wrapped key}. The profile-updater owns the keys; its
     * changelog is {@code <application.id>-user-keys-changelog}.
     */
    public static final String USER_KEYS_STORE = "user-keys";
    /**
     * Persistent key-value store of each profiled user's activity: user key to
     * {@link ProfileActivity} JSON (event time of the latest event and the pseudonymisation key id,
     * no profile data). Written with every profile, deleted with every profile; read by
     * {@link ExpireProfilesPunctuator} to enforce the storage limits without opening profiles. Its
     * changelog is {@code <application.id>-profile-activity-changelog}.
     */
    public static final String ACTIVITY_STORE = "profile-activity";
    /**
     * Compaction settings of the {@link #USER_KEYS_STORE} changelog, as recommended for
     * {@link Topics#USER_KEYS}: a destroyed key must leave the brokers' disks within hours, not
     * whenever a default one-week segment rolls.
     */
    public static final Map<String, String> USER_KEYS_CHANGELOG_CONFIG = Map.of(
            "segment.ms", "3600000",
            "min.cleanable.dirty.ratio", "0.01",
            "delete.retention.ms", "3600000");
    /**
     * Persistent key-value store of the users who withdrew consent to personalisation: user key to
     * the event time of the withdrawal. Their events are not profiled until they grant it again.
     */
    public static final String CONSENT_STORE = "consent-withdrawn";
    /** Source node reading {@link Topics#ERASURES}. */
    public static final String ERASURES_SOURCE = "erasures";
    /** The {@link EraseProfileProcessor} node. */
    public static final String ERASE_PROFILE = EraseProfileProcessor.NAME;
    /** Sink node writing {@link Topics#ERASURE_STATUS}. */
    public static final String ERASURE_STATUS_SINK = "erasure-status-sink";
    /**
     * Persistent key-value store of erased users: user key to the erasure's {@code requestedAt}
     * (epoch ms). Events of such a user stamped at or before it are in flight from before the
     * erasure and are dropped; markers expire with the clean topic's retention.
     */
    public static final String ERASED_STORE = ErasureMarkers.STORE_NAME;
    /** Source node reading {@link Topics#REKEYS} (keyed by the old pseudonym). */
    public static final String REKEYS_SOURCE = "rekeys";
    /** The {@link HandOverProcessor} node. */
    public static final String HAND_OVER = HandOverProcessor.NAME;
    /** Sink node writing {@link Topics#HANDOVERS} (keyed by the new pseudonym). */
    public static final String HANDOVERS_SINK = "handovers-sink";
    /** Source node reading {@link Topics#HANDOVERS}. */
    public static final String HANDOVERS_SOURCE = "handovers";
    /** The {@link AdoptProfileProcessor} node. */
    public static final String ADOPT_PROFILE = AdoptProfileProcessor.NAME;
    /**
     * Persistent key-value store of the clean events held, per new pseudonym, until the user's
     * profile is handed over after a key rotation: pseudonym to {@link AwaitingEvents} JSON
     * {@link UserDataCipher#seal(UserDataCipher.DataKey, byte[]) sealed} under the user's key in
     * {@link #HOLDING_KEYS_STORE} (never plaintext); its changelog is
     * {@code <application.id>-awaiting-handover-changelog}.
     */
    public static final String AWAITING_HANDOVER_STORE = "awaiting-handover";
    /**
     * Persistent key-value store of the data keys that seal the events in
     * {@link #AWAITING_HANDOVER_STORE}: pseudonym to {@link UserDataCipher#newWrappedKey wrapped key},
     * created with a user's first held event and deleted with the held events (release, bound,
     * erasure, consent withdrawal), so a tombstone here shreds every older copy of them. Never
     * published and never the profile's key in {@link #USER_KEYS_STORE}. Its changelog,
     * {@code <application.id>-holding-keys-changelog}, is compacted like the user keys one
     * ({@link #USER_KEYS_CHANGELOG_CONFIG}).
     */
    public static final String HOLDING_KEYS_STORE = "holding-keys";
    /**
     * Persistent key-value store of the new pseudonyms that received their handover (or stopped
     * waiting for it): pseudonym to wall-clock epoch ms; purged after
     * {@link AdoptProfileProcessor#HANDED_OVER_TTL}.
     */
    public static final String HANDED_OVER_STORE = "handed-over";

    private ProfileTopology() {
    }

    /**
     * What the topology needs. There is deliberately no default cipher: whoever builds the
     * topology decides which master key protects the data (the application through
     * {@link UserDataCipher#fromProperties}), so no path silently runs with a development key.
     *
     * @param settings   validated folding settings
     * @param neuralStep the per-event LSTM step; {@link NeuralStep#disabled()} for explicit features
     *                   only (no models directory, or the benchmark's baseline)
     * @param cipher     seals profiles with the users' data keys and creates those keys
     * @param clock      stamps {@code updatedAt} of the erasure confirmations and {@code handedOverAt} of
     *                   key-rotation handovers, and is the wall clock of {@link PipelineLatency}; fixed in tests
     * @param meters     where {@link PipelineLatency} registers its timer
     * @param textStep   the per-event text-signals step (review sentiment, query interests);
     *                   {@link TextSignalStep#disabled()} when no text model is configured
     */
    public record Deps(ProfileSettings settings, NeuralStep neuralStep, UserDataCipher cipher, Clock clock,
                       MeterRegistry meters, TextSignalStep textStep) {
        /** Checks that nothing is missing. */
        public Deps {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(neuralStep, "neuralStep");
            Objects.requireNonNull(cipher, "cipher");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(meters, "meters");
            Objects.requireNonNull(textStep, "textStep");
        }

        /** Without text signals. */
        public Deps(ProfileSettings settings, NeuralStep neuralStep, UserDataCipher cipher, Clock clock,
                    MeterRegistry meters) {
            this(settings, neuralStep, cipher, clock, meters, TextSignalStep.disabled());
        }

        /** These dependencies with {@code step} as the text-signals step. */
        public Deps withTextStep(TextSignalStep step) {
            return new Deps(settings, neuralStep, cipher, clock, meters, step);
        }

        /** With a meter registry nothing reads, for callers that do not measure latency (tests, benchmark). */
        public Deps(ProfileSettings settings, NeuralStep neuralStep, UserDataCipher cipher, Clock clock) {
            this(settings, neuralStep, cipher, clock, new SimpleMeterRegistry());
        }

        /** With the system UTC clock, for callers that do not care when confirmations are stamped. */
        public Deps(ProfileSettings settings, NeuralStep neuralStep, UserDataCipher cipher) {
            this(settings, neuralStep, cipher, Clock.systemUTC());
        }

        /** Explicit features only: the neural state passes through unchanged. */
        public static Deps explicitOnly(ProfileSettings settings, UserDataCipher cipher) {
            return new Deps(settings, NeuralStep.disabled(), cipher);
        }
    }

    /**
     * Builds the topology; the Spring application, the benchmark and every test use this same method.
     *
     * @param deps settings, the neural step, the cipher and the clock
     */
    public static Topology build(Deps deps) {
        ProfileFolder folder = new ProfileFolder(deps.settings());
        NeuralStep neuralStep = deps.neuralStep();
        TextSignalStep textStep = deps.textStep();
        UserDataCipher cipher = deps.cipher();
        // One timer for every task of this topology: Micrometer timers are thread-safe.
        PipelineLatency latency = new PipelineLatency(deps.meters(), LATENCY_STAGE, deps.clock());
        Topology topology = new Topology();
        topology.addSource(SOURCE, Topics.CLEAN_EVENTS.keySerde().deserializer(),
                Topics.CLEAN_EVENTS.valueSerde().deserializer(), Topics.CLEAN_EVENTS.name());
        topology.addSource(ERASURES_SOURCE, Topics.ERASURES.keySerde().deserializer(),
                Topics.ERASURES.valueSerde().deserializer(), Topics.ERASURES.name());
        topology.addProcessor(APPLY_EVENT, () -> new ApplyEventProcessor(deps.settings(), neuralStep, textStep, cipher, latency),
                SOURCE);
        topology.addProcessor(ERASE_PROFILE, () -> new EraseProfileProcessor(deps.clock()), ERASURES_SOURCE);
        topology.addSource(REKEYS_SOURCE, Topics.REKEYS.keySerde().deserializer(),
                Topics.REKEYS.valueSerde().deserializer(), Topics.REKEYS.name());
        topology.addSource(HANDOVERS_SOURCE, Topics.HANDOVERS.keySerde().deserializer(),
                Topics.HANDOVERS.valueSerde().deserializer(), Topics.HANDOVERS.name());
        topology.addProcessor(HAND_OVER, () -> new HandOverProcessor(cipher, deps.clock()), REKEYS_SOURCE);
        topology.addProcessor(ADOPT_PROFILE, () -> new AdoptProfileProcessor(folder, neuralStep, textStep, cipher, latency),
                HANDOVERS_SOURCE);
        topology.addStateStore(profileStore(), APPLY_EVENT, ERASE_PROFILE, HAND_OVER, ADOPT_PROFILE);
        topology.addStateStore(userKeysStore(), APPLY_EVENT, ERASE_PROFILE, HAND_OVER, ADOPT_PROFILE);
        topology.addStateStore(activityStore(), APPLY_EVENT, ERASE_PROFILE, HAND_OVER, ADOPT_PROFILE);
        topology.addStateStore(consentStore(), APPLY_EVENT, ERASE_PROFILE, HAND_OVER, ADOPT_PROFILE);
        topology.addStateStore(erasedStore(), APPLY_EVENT, ERASE_PROFILE, ADOPT_PROFILE);
        topology.addStateStore(awaitingHandoverStore(), APPLY_EVENT, ERASE_PROFILE, ADOPT_PROFILE);
        topology.addStateStore(holdingKeysStore(), APPLY_EVENT, ERASE_PROFILE, ADOPT_PROFILE);
        topology.addStateStore(handedOverStore(), APPLY_EVENT, ERASE_PROFILE, ADOPT_PROFILE);
        // Tombstones from erase-profile and hand-over go to the same sink as profiles, so the
        // compacted topic and every table built from it drop the user (or their old pseudonym).
        topology.addSink(SINK, Topics.PROFILES.name(), Topics.PROFILES.keySerde().serializer(),
                Topics.PROFILES.valueSerde().serializer(), APPLY_EVENT, ERASE_PROFILE, HAND_OVER, ADOPT_PROFILE);
        // Same producer, same transaction as the profiles: a profile never commits without its key.
        topology.addSink(USER_KEYS_SINK, Topics.USER_KEYS.name(), Topics.USER_KEYS.keySerde().serializer(),
                Topics.USER_KEYS.valueSerde().serializer(), APPLY_EVENT, ERASE_PROFILE, HAND_OVER, ADOPT_PROFILE);
        topology.addSink(HANDOVERS_SINK, Topics.HANDOVERS.name(), Topics.HANDOVERS.keySerde().serializer(),
                Topics.HANDOVERS.valueSerde().serializer(), HAND_OVER);
        topology.addSink(ERASURE_STATUS_SINK, Topics.ERASURE_STATUS.name(), Topics.ERASURE_STATUS.keySerde().serializer(),
                Topics.ERASURE_STATUS.valueSerde().serializer(), ERASE_PROFILE);
        return topology;
    }

    /**
     * Changelogged: a restarted or moved task must still hold the events it held back. Caching
     * off, so an event held is in the changelog with the offset commit that consumed it.
     */
    static StoreBuilder<KeyValueStore<String, byte[]>> awaitingHandoverStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AWAITING_HANDOVER_STORE), Serdes.String(),
                        Serdes.ByteArray())
                .withLoggingEnabled(Map.of())
                .withCachingDisabled();
    }

    /**
     * Changelogged: a restarted or moved task must still open the events it holds. Compacted
     * eagerly like the user keys, so a destroyed holding key leaves the brokers within hours;
     * caching off, so its tombstone commits with the held events' one.
     */
    static StoreBuilder<KeyValueStore<String, byte[]>> holdingKeysStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HOLDING_KEYS_STORE), Serdes.String(),
                        Serdes.ByteArray())
                .withLoggingEnabled(USER_KEYS_CHANGELOG_CONFIG)
                .withCachingDisabled();
    }

    /** Changelogged: a restarted task must not hold a handed-over user's events again. */
    static StoreBuilder<KeyValueStore<String, Long>> handedOverStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HANDED_OVER_STORE), Serdes.String(), Serdes.Long())
                .withLoggingEnabled(Map.of())
                .withCachingDisabled();
    }

    /**
     * Changelogged like the profiles: a restarted or moved task must still know when its users
     * were last active. Caching off, so an erasure's tombstone reaches the changelog with the
     * commit that consumed the erasure, like those of the profile and the key.
     */
    static StoreBuilder<KeyValueStore<String, ProfileActivity>> activityStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ACTIVITY_STORE), Serdes.String(),
                        ProfileActivity.SERDE)
                .withLoggingEnabled(Map.of())
                .withCachingDisabled();
    }

    /** Changelogged: a restarted or moved task must still refuse the erased user's in-flight events. */
    static StoreBuilder<KeyValueStore<String, Long>> erasedStore() {
        return ErasureMarkers.storeBuilder();
    }

    /** Changelogged like the profiles: a restart must not forget an objection. */
    static StoreBuilder<KeyValueStore<String, Long>> consentStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CONSENT_STORE), Serdes.String(), Serdes.Long())
                .withLoggingEnabled(Map.of())
                .withCachingDisabled();
    }

    /**
     * Changelogged like the profiles (a restarted task must open what it restored), compacted
     * eagerly so destroyed keys do not linger in old segments.
     */
    static StoreBuilder<KeyValueStore<String, byte[]>> userKeysStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(USER_KEYS_STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingEnabled(USER_KEYS_CHANGELOG_CONFIG)
                // A new key must reach the user keys topic in the same transaction as the first profile.
                .withCachingDisabled();
    }

    /** RocksDB-backed and changelogged, so a restarted or moved task restores every (sealed) profile. */
    static StoreBuilder<KeyValueStore<String, byte[]>> profileStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PROFILE_STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingEnabled(Map.of())
                // Every event must reach the profiles topic at once (milliseconds, not a commit interval).
                .withCachingDisabled();
    }
}
