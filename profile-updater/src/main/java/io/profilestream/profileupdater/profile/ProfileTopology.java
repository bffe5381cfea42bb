package io.profilestream.profileupdater.profile;

import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.serde.JsonSerde;
import io.profilestream.model.topic.Topics;
import io.profilestream.profileupdater.neural.NeuralStep;
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
 * features and, through {@link Deps#neuralStep()}, the LSTM state in the same processor, so both
 * share one store write and one output record.
 *
 * <p>Erasure commands (right to erasure) are handled by {@link EraseProfileProcessor}, connected to
 * the same stores as {@link ApplyEventProcessor}: that puts both sources in ONE sub-topology, so
 * partition p of the clean and erasure topics (both keyed by pseudonym) is one task holding the
 * user's profile, consent entry and erasure marker.
 *
 * <pre>
 * clean-events --&gt; apply-event ----------&gt; profiles-sink (profiles topic)
 *                      |                    ^
 *       [profiles, consent-withdrawn,       | tombstone
 *        erased-users] (shared stores)      |
 *                      |                    |
 * erasures ------&gt; erase-profile -----------+--&gt; erasure-status-sink (erasure status topic)
 * </pre>
 */
public final class ProfileTopology {

    /** Source node reading {@link Topics#CLEAN_EVENTS}. */
    public static final String SOURCE = "clean-events";
    /** The {@link ApplyEventProcessor} node. */
    public static final String APPLY_EVENT = "apply-event";
    /** Sink node writing {@link Topics#PROFILES}. */
    public static final String SINK = "profiles-sink";
    /** Persistent key-value store of the current profile per user key; its changelog is {@code <application.id>-profiles-changelog}. */
    public static final String PROFILE_STORE = "profiles";
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
    public static final String ERASED_STORE = "erased-users";

    private ProfileTopology() {
    }

    /**
     * What the topology needs.
     *
     * @param settings   validated folding settings
     * @param neuralStep the per-event LSTM step; {@link NeuralStep#disabled()} for explicit features
     *                   only (no models directory, or the benchmark's baseline)
     * @param clock      stamps {@code updatedAt} of the erasure confirmations; fixed in tests
     */
    public record Deps(ProfileSettings settings, NeuralStep neuralStep, Clock clock) {
        /** Checks that nothing is missing. */
        public Deps {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(neuralStep, "neuralStep");
            Objects.requireNonNull(clock, "clock");
        }

        /** With the system UTC clock, for callers that do not care when confirmations are stamped. */
        public Deps(ProfileSettings settings, NeuralStep neuralStep) {
            this(settings, neuralStep, Clock.systemUTC());
        }

        /** Explicit features only: the neural state passes through unchanged. */
        public static Deps explicitOnly(ProfileSettings settings) {
            return new Deps(settings, NeuralStep.disabled());
        }
    }

    /**
     * Builds the topology; the Spring application, the benchmark and every test use this same method.
     *
     * @param deps settings and the neural step
     */
    public static Topology build(Deps deps) {
        ProfileFolder folder = new ProfileFolder(deps.settings());
        NeuralStep neuralStep = deps.neuralStep();
        Topology topology = new Topology();
        topology.addSource(SOURCE, Topics.CLEAN_EVENTS.keySerde().deserializer(),
                Topics.CLEAN_EVENTS.valueSerde().deserializer(), Topics.CLEAN_EVENTS.name());
        topology.addSource(ERASURES_SOURCE, Topics.ERASURES.keySerde().deserializer(),
                Topics.ERASURES.valueSerde().deserializer(), Topics.ERASURES.name());
        topology.addProcessor(APPLY_EVENT, () -> new ApplyEventProcessor(folder, neuralStep), SOURCE);
        topology.addProcessor(ERASE_PROFILE, () -> new EraseProfileProcessor(deps.clock()), ERASURES_SOURCE);
        topology.addStateStore(profileStore(), APPLY_EVENT, ERASE_PROFILE);
        topology.addStateStore(consentStore(), APPLY_EVENT, ERASE_PROFILE);
        topology.addStateStore(erasedStore(), APPLY_EVENT, ERASE_PROFILE);
        // Tombstones from erase-profile go to the same sink as profiles, so the compacted topic
        // and every table built from it drop the user.
        topology.addSink(SINK, Topics.PROFILES.name(), Topics.PROFILES.keySerde().serializer(),
                Topics.PROFILES.valueSerde().serializer(), APPLY_EVENT, ERASE_PROFILE);
        topology.addSink(ERASURE_STATUS_SINK, Topics.ERASURE_STATUS.name(), Topics.ERASURE_STATUS.keySerde().serializer(),
                Topics.ERASURE_STATUS.valueSerde().serializer(), ERASE_PROFILE);
        return topology;
    }

    /** Changelogged: a restarted or moved task must still refuse the erased user's in-flight events. */
    static StoreBuilder<KeyValueStore<String, Long>> erasedStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ERASED_STORE), Serdes.String(), Serdes.Long())
                .withLoggingEnabled(Map.of())
                .withCachingDisabled();
    }

    /** Changelogged like the profiles: a restart must not forget an objection. */
    static StoreBuilder<KeyValueStore<String, Long>> consentStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CONSENT_STORE), Serdes.String(), Serdes.Long())
                .withLoggingEnabled(Map.of())
                .withCachingDisabled();
    }

    /** RocksDB-backed and changelogged, so a restarted or moved task restores every profile. */
    static StoreBuilder<KeyValueStore<String, UserProfile>> profileStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PROFILE_STORE),
                        Serdes.String(), JsonSerde.of(UserProfile.class))
                .withLoggingEnabled(Map.of())
                // Every event must reach the profiles topic at once (milliseconds, not a commit interval).
                .withCachingDisabled();
    }
}
