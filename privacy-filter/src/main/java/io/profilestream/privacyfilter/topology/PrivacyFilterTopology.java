package io.profilestream.privacyfilter.topology;

import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.topic.Topics;
import io.profilestream.privacyfilter.config.FilterProperties;
import java.time.Clock;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;

/**
 * The privacy filter's one topology: raw events -> {@code parse} -> {@code normalise} ->
 * {@code dedupe} -> {@code burst-guard} -> {@code pseudonymise} -> clean events; {@code parse},
 * {@code normalise} and {@code burst-guard} also feed the dead-letter sink. The application and every test build it through {@link #build}.
 */
public final class PrivacyFilterTopology {

    /** Source node: reads the raw topic as String keys and raw bytes, so no record can fail deserialisation. */
    public static final String SOURCE = "raw-events-source";
    /** Sink node writing {@code Topics.CLEAN_EVENTS}. */
    public static final String CLEAN_SINK = "clean-events-sink";
    /** Sink node writing {@code Topics.DEAD_LETTERS}. */
    public static final String DEAD_LETTER_SINK = "dead-letters-sink";

    private PrivacyFilterTopology() {
    }

    /**
     * Builds the topology.
     *
     * @param settings      dedupe window and value limits (validated by the caller's binding)
     * @param pseudonymizer the keyed pseudonym function
     * @param clock         source of {@code divertedAt} on dead letters
     */
    public static Topology build(FilterProperties settings, Pseudonymizer pseudonymizer, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(pseudonymizer, "pseudonymizer");
        Objects.requireNonNull(clock, "clock");
        Topology topology = new Topology();
        topology.addSource(SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                Topics.RAW_EVENTS.name());
        topology.addProcessor(ParseProcessor.NAME, () -> new ParseProcessor(clock), SOURCE);
        // Normalise before dedupe: only ids of events that go on to the clean topic are remembered,
        // so a shop (or an operator replaying the dead-letter topic) can resend a corrected event
        // under the same id; every rejected attempt is dead-lettered with its reason.
        topology.addProcessor(NormaliseProcessor.NAME, () -> new NormaliseProcessor(settings, clock), ParseProcessor.NAME);
        topology.addProcessor(DedupeProcessor.NAME, () -> new DedupeProcessor(settings.dedupeWindow()),
                NormaliseProcessor.NAME);
        topology.addStateStore(DedupeProcessor.storeBuilder(settings.dedupeWindow()), DedupeProcessor.NAME);
        topology.addProcessor(BurstProcessor.NAME, () -> new BurstProcessor(pseudonymizer, settings.botWindow(),
                settings.botMaxEvents(), clock), DedupeProcessor.NAME);
        topology.addStateStore(BurstProcessor.storeBuilder(settings.botWindow()), BurstProcessor.NAME);
        topology.addProcessor(PseudonymiseProcessor.NAME, () -> new PseudonymiseProcessor(pseudonymizer),
                BurstProcessor.NAME);
        topology.addSink(CLEAN_SINK, Topics.CLEAN_EVENTS.name(), Topics.CLEAN_EVENTS.keySerde().serializer(),
                Topics.CLEAN_EVENTS.valueSerde().serializer(), PseudonymiseProcessor.NAME);
        topology.addSink(DEAD_LETTER_SINK, Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.keySerde().serializer(),
                Topics.DEAD_LETTERS.valueSerde().serializer(), ParseProcessor.NAME, NormaliseProcessor.NAME,
                BurstProcessor.NAME);
        return topology;
    }
}
