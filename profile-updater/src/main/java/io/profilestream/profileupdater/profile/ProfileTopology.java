package io.profilestream.profileupdater.profile;

import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.serde.JsonSerde;
import io.profilestream.model.topic.Topics;
import io.profilestream.profileupdater.neural.NeuralStep;
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
 * <pre>
 * clean-events --&gt; apply-event [profiles, consent-withdrawn stores] --&gt; profiles
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

    private ProfileTopology() {
    }

    /**
     * What the topology needs.
     *
     * @param settings   validated folding settings
     * @param neuralStep the per-event LSTM step; {@link NeuralStep#disabled()} for explicit features
     *                   only (no models directory, or the benchmark's baseline)
     */
    public record Deps(ProfileSettings settings, NeuralStep neuralStep) {
        public Deps {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(neuralStep, "neuralStep");
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
        topology.addProcessor(APPLY_EVENT, () -> new ApplyEventProcessor(folder, neuralStep), SOURCE);
        topology.addStateStore(profileStore(), APPLY_EVENT);
        topology.addStateStore(consentStore(), APPLY_EVENT);
        topology.addSink(SINK, Topics.PROFILES.name(), Topics.PROFILES.keySerde().serializer(),
                Topics.PROFILES.valueSerde().serializer(), APPLY_EVENT);
        return topology;
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
