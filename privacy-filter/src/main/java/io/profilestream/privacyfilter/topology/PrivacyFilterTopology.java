package io.profilestream.privacyfilter.topology;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.topic.Topics;
import io.profilestream.privacyfilter.config.FilterProperties;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;

/**
 * The privacy filter's one topology: raw events -> {@code parse} -> {@code normalise} ->
 * {@code erasure-guard} -> {@code dedupe} -> {@code burst-guard} -> {@code pseudonymise} -> clean
 * events; erasure requests -> {@code erase-user} -> erasure commands and erasure status.
 * {@code parse}, {@code normalise}, {@code erasure-guard}, {@code burst-guard} and
 * {@code erase-user} also feed the dead-letter sink, all through {@code dead-letter-payloads}, which
 * drops the original payload unless {@link FilterProperties#deadLetterPayloads()} is on.
 * {@code erase-user} shares the erased-users store with {@code erasure-guard} and the burst counts
 * with {@code burst-guard}, so both sources form one sub-topology: a user's events and erasure
 * request, both keyed by the raw user id on topics with equal partition counts, are processed by
 * the same task. The application and every test build it through {@link #build}.
 *
 * <p>Metrics ({@link FilterMetrics}): every raw event is counted by outcome ({@code pseudonymise}:
 * clean, {@code dedupe}: dropped, {@code dead-letter-payloads}: dead_letter by reason) and the
 * latency of each clean event since ingest accepted it is recorded.
 *
 * <p>Key rotation: with a previous key, {@code pseudonymise} also writes {@code Topics.REKEYS} and
 * {@code erase-user} also erases the previous key's pseudonym. The {@code rekeyed-users} store
 * (shared by both) and the rekeys sink are part of the topology with or without a previous key, so
 * starting and ending a rotation does not change the topology's shape, and the store can be
 * emptied once the rotation is over.
 */
public final class PrivacyFilterTopology {

    /** Source node: reads the raw topic as String keys and raw bytes, so no record can fail deserialisation. */
    public static final String SOURCE = "raw-events-source";
    /** Source node: reads {@code Topics.ERASURE_REQUESTS} as String keys and raw bytes, for the same reason. */
    public static final String ERASURE_REQUESTS_SOURCE = "erasure-requests-source";
    /** Sink node writing {@code Topics.CLEAN_EVENTS}. */
    public static final String CLEAN_SINK = "clean-events-sink";
    /** Sink node writing {@code Topics.DEAD_LETTERS}; its one parent is {@link DeadLetterPayloadProcessor#NAME}. */
    public static final String DEAD_LETTER_SINK = "dead-letters-sink";
    /** Sink node writing {@code Topics.ERASURES}. */
    public static final String ERASURES_SINK = "erasures-sink";
    /** Sink node writing {@code Topics.ERASURE_STATUS}. */
    public static final String ERASURE_STATUS_SINK = "erasure-status-sink";
    /** Sink node writing {@code Topics.REKEYS} (only written during a key rotation). */
    public static final String REKEYS_SINK = "rekeys-sink";

    private PrivacyFilterTopology() {
    }

    /**
     * What the topology needs.
     *
     * @param settings      dedupe window, value limits and dead-letter payload policy (validated by the
     *                      caller's binding)
     * @param pseudonymizer the keyed pseudonym function of the current key, used for every pseudonym written
     * @param previous      the previous key's pseudonym function during a rotation's grace period, else empty
     * @param clock         source of {@code divertedAt} on dead letters and {@code updatedAt} on erasure
     *                      status, and the wall clock of the latency metric
     * @param meters        where {@link FilterMetrics} registers the event counts and the latency timer
     */
    public record Deps(FilterProperties settings, Pseudonymizer pseudonymizer, Optional<Pseudonymizer> previous,
                       Clock clock, MeterRegistry meters) {
        /** Checks that nothing is missing. */
        public Deps {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(pseudonymizer, "pseudonymizer");
            Objects.requireNonNull(previous, "previous");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(meters, "meters");
        }
    }

    /**
     * Builds the topology outside a key rotation, its meters in a registry nothing reads.
     *
     * @param settings      dedupe window, value limits and dead-letter payload policy (validated by the
     *                      caller's binding)
     * @param pseudonymizer the keyed pseudonym function
     * @param clock         source of {@code divertedAt} on dead letters and {@code updatedAt} on erasure status
     */
    public static Topology build(FilterProperties settings, Pseudonymizer pseudonymizer, Clock clock) {
        return build(settings, pseudonymizer, Optional.empty(), clock);
    }

    /**
     * Builds the topology, its meters in a registry nothing reads.
     *
     * @param settings      dedupe window, value limits and dead-letter payload policy (validated by the
     *                      caller's binding)
     * @param pseudonymizer the keyed pseudonym function of the current key, used for every pseudonym written
     * @param previous      the previous key's pseudonym function during a rotation's grace period, else empty
     * @param clock         source of {@code divertedAt} on dead letters and {@code updatedAt} on erasure status
     */
    public static Topology build(FilterProperties settings, Pseudonymizer pseudonymizer,
                                 Optional<Pseudonymizer> previous, Clock clock) {
        return build(new Deps(settings, pseudonymizer, previous, clock, new SimpleMeterRegistry()));
    }

    /**
     * Builds the topology; the application and the metric tests use this one.
     *
     * @param deps settings, keys, clock and meter registry
     */
    public static Topology build(Deps deps) {
        FilterProperties settings = deps.settings();
        Pseudonymizer pseudonymizer = deps.pseudonymizer();
        Optional<Pseudonymizer> previous = deps.previous();
        Clock clock = deps.clock();
        if (previous.isPresent() && previous.get().keyId().equals(pseudonymizer.keyId())) {
            // Equal ids would make old and new pseudonyms indistinguishable downstream.
            throw new IllegalArgumentException("the previous key's id must differ from the current key id '"
                    + pseudonymizer.keyId() + "'");
        }
        // One set of meters for every task of this topology: Micrometer meters are thread-safe.
        FilterMetrics metrics = new FilterMetrics(deps.meters(), clock);
        Topology topology = new Topology();
        topology.addSource(SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                Topics.RAW_EVENTS.name());
        topology.addSource(ERASURE_REQUESTS_SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                Topics.ERASURE_REQUESTS.name());
        topology.addProcessor(ParseProcessor.NAME, () -> new ParseProcessor(clock), SOURCE);
        // Normalise before dedupe: only ids of events that go on to the clean topic are remembered,
        // so a shop (or an operator replaying the dead-letter topic) can resend a corrected event
        // under the same id; every rejected attempt is dead-lettered with its reason.
        topology.addProcessor(NormaliseProcessor.NAME, () -> new NormaliseProcessor(settings, clock), ParseProcessor.NAME);
        // The erasure guard after normalise (it needs the trimmed user id and settled timestamps) and
        // before dedupe (the id of a refused event is not remembered).
        topology.addProcessor(ErasureGuardProcessor.NAME, () -> new ErasureGuardProcessor(pseudonymizer,
                ErasureGuardProcessor.markerLifetime(settings), clock), NormaliseProcessor.NAME);
        topology.addProcessor(DedupeProcessor.NAME, () -> new DedupeProcessor(settings.dedupeWindow(), metrics),
                ErasureGuardProcessor.NAME);
        topology.addStateStore(DedupeProcessor.storeBuilder(settings.dedupeWindow()), DedupeProcessor.NAME);
        topology.addProcessor(BurstProcessor.NAME, () -> new BurstProcessor(pseudonymizer, settings.botWindow(),
                settings.botMaxEvents(), clock), DedupeProcessor.NAME);
        topology.addProcessor(PseudonymiseProcessor.NAME,
                () -> new PseudonymiseProcessor(pseudonymizer, previous, metrics),
                BurstProcessor.NAME);
        topology.addProcessor(EraseUserProcessor.NAME, () -> new EraseUserProcessor(pseudonymizer, previous, clock),
                ERASURE_REQUESTS_SOURCE);
        topology.addStateStore(ErasureGuardProcessor.storeBuilder(), ErasureGuardProcessor.NAME, EraseUserProcessor.NAME);
        topology.addStateStore(BurstProcessor.storeBuilder(settings.botWindow()), BurstProcessor.NAME,
                EraseUserProcessor.NAME);
        topology.addStateStore(PseudonymiseProcessor.rekeyedStoreBuilder(), PseudonymiseProcessor.NAME,
                EraseUserProcessor.NAME);
        topology.addSink(CLEAN_SINK, Topics.CLEAN_EVENTS.name(), Topics.CLEAN_EVENTS.keySerde().serializer(),
                Topics.CLEAN_EVENTS.valueSerde().serializer(), PseudonymiseProcessor.NAME);
        topology.addSink(REKEYS_SINK, Topics.REKEYS.name(), Topics.REKEYS.keySerde().serializer(),
                Topics.REKEYS.valueSerde().serializer(), PseudonymiseProcessor.NAME);
        topology.addSink(ERASURES_SINK, Topics.ERASURES.name(), Topics.ERASURES.keySerde().serializer(),
                Topics.ERASURES.valueSerde().serializer(), EraseUserProcessor.NAME);
        topology.addSink(ERASURE_STATUS_SINK, Topics.ERASURE_STATUS.name(), Topics.ERASURE_STATUS.keySerde().serializer(),
                Topics.ERASURE_STATUS.valueSerde().serializer(), EraseUserProcessor.NAME);
        topology.addProcessor(DeadLetterPayloadProcessor.NAME,
                () -> new DeadLetterPayloadProcessor(settings.deadLetterPayloads(), metrics), ParseProcessor.NAME,
                NormaliseProcessor.NAME, ErasureGuardProcessor.NAME, BurstProcessor.NAME, EraseUserProcessor.NAME);
        topology.addSink(DEAD_LETTER_SINK, Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.keySerde().serializer(),
                Topics.DEAD_LETTERS.valueSerde().serializer(), DeadLetterPayloadProcessor.NAME);
        return topology;
    }
}
