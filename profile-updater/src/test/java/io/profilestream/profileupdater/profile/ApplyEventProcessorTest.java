package io.profilestream.profileupdater.profile;

import static io.profilestream.model.event.EventType.PURCHASE;
import static io.profilestream.model.event.EventType.VIEW;
import static io.profilestream.profileupdater.profile.TestEvents.ALICE;
import static io.profilestream.profileupdater.profile.TestEvents.BOB;
import static io.profilestream.profileupdater.profile.TestEvents.T0;
import static io.profilestream.profileupdater.profile.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.NeuralState;
import io.profilestream.model.profile.PriceBand;
import io.profilestream.model.profile.Rfm;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.serde.JsonSerde;
import io.profilestream.profileupdater.neural.NeuralStep;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApplyEventProcessorTest {

    private MockProcessorContext<String, UserProfile> context;
    private KeyValueStore<String, UserProfile> store;
    private KeyValueStore<String, Long> erased;
    private ApplyEventProcessor processor;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ProfileTopology.PROFILE_STORE),
                        Serdes.String(), JsonSerde.of(UserProfile.class))
                .withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        KeyValueStore<String, Long> consent = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(ProfileTopology.CONSENT_STORE), Serdes.String(), Serdes.Long())
                .withLoggingDisabled().build();
        consent.init(context.getStateStoreContext(), consent);
        context.addStateStore(consent);
        erased = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(ProfileTopology.ERASED_STORE), Serdes.String(), Serdes.Long())
                .withLoggingDisabled().build();
        erased.init(context.getStateStoreContext(), erased);
        context.addStateStore(erased);
        processor = new ApplyEventProcessor(new ProfileFolder(ProfileSettings.defaults()), NeuralStep.disabled());
        processor.init(context);
    }

    private void process(String key, CleanEvent event, long timestamp) {
        processor.process(new Record<>(key, event, timestamp));
    }

    @Test
    void shouldStoreAndForwardTheFirstProfileOfAUser() {
        process(ALICE, event(VIEW, T0).session("s1").item("i1").category("a").brand("x").price("10.00", "EUR").build(), 1_000L);

        UserProfile expected = new UserProfile(ALICE, 1, Map.of(VIEW, 1L),
                new DecayedScores(T0, Map.of("a", 1.0)), new DecayedScores(T0, Map.of("x", 1.0)),
                new PriceBand(1, Math.log(10.0), 0.0), Rfm.empty(), 1, "s1", List.of("i1"), List.of(), T0, T0);
        assertThat(store.get(ALICE)).isEqualTo(expected);
        List<CapturedForward<? extends String, ? extends UserProfile>> forwarded = context.forwarded();
        assertThat(forwarded).hasSize(1);
        assertThat(forwarded.get(0).record()).isEqualTo(new Record<>(ALICE, expected, 1_000L));
    }

    @Test
    void shouldFoldTheNextEventOntoTheStoredProfile() {
        process(ALICE, event(VIEW, T0).session("s1").item("i1").category("a").build(), 1_000L);
        process(ALICE, event(PURCHASE, T0).session("s1").item("i1").category("a").price("10.00", "EUR").quantity(3).build(), 2_000L);

        UserProfile expected = new UserProfile(ALICE, 2, Map.of(VIEW, 1L, PURCHASE, 1L),
                new DecayedScores(T0, Map.of("a", 6.0)), null,
                new PriceBand(1, Math.log(10.0), 0.0), new Rfm(T0, 1, 3, Map.of("EUR", new BigDecimal("30.00"))),
                1, "s1", List.of("i1"), List.of("i1"), T0, T0);
        assertThat(store.get(ALICE)).isEqualTo(expected);
        assertThat(context.forwarded()).extracting(CapturedForward::record)
                .last().isEqualTo(new Record<>(ALICE, expected, 2_000L));
    }

    @Test
    void shouldKeepUsersApart() {
        process(ALICE, event(VIEW, T0).item("i1").build(), 1L);
        process(BOB, event(VIEW, T0).user(BOB).item("i2").build(), 2L);
        process(ALICE, event(VIEW, T0).item("i3").build(), 3L);

        assertThat(store.get(ALICE).recentItems()).containsExactly("i3", "i1");
        assertThat(store.get(BOB).recentItems()).containsExactly("i2");
        assertThat(context.forwarded()).extracting(f -> (String) f.record().key()).containsExactly(ALICE, BOB, ALICE);
        assertThat(context.forwarded()).extracting(f -> (Long) f.record().value().eventCount()).containsExactly(1L, 1L, 2L);
    }

    @Test
    void shouldFallBackToTheRecordTimestampWhenTheEventHasNoTime() {
        CleanEvent noTime = new CleanEvent(1, "e1", ALICE, "k1", null, VIEW, "i1", null, null, null, null, null, null, null, null, null);

        process(ALICE, noTime, T0.toEpochMilli());

        assertThat(store.get(ALICE).firstEventTime()).isEqualTo(T0);
        assertThat(store.get(ALICE).lastEventTime()).isEqualTo(T0);
    }

    @Test
    void shouldUseTheEventsUserKeyWhenTheRecordHasNoKey() {
        process(null, event(VIEW, T0).user(BOB).item("i1").build(), 1L);

        assertThat(store.get(BOB).eventCount()).isEqualTo(1);
        assertThat(context.forwarded()).extracting(f -> (String) f.record().key()).containsExactly(BOB);
    }

    @Test
    void shouldSkipRecordsThatCannotBelongToAProfile() {
        CleanEvent noType = new CleanEvent(1, "e1", ALICE, "k1", null, null, "i1", null, null, null, null, null, null, null, null, T0);
        CleanEvent noUser = new CleanEvent(1, "e2", null, "k1", null, VIEW, "i1", null, null, null, null, null, null, null, null, T0);

        process(ALICE, null, 1L);
        process(ALICE, noType, 2L);
        process(null, noUser, 3L);

        assertThat(context.forwarded()).isEmpty();
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void shouldStoreAndForwardTheExplicitFoldAndTheNeuralStepAsOneProfile() {
        NeuralState stepped = new NeuralState("v1", "s1", List.of("i1"), 1, new float[]{0.5f}, new float[]{0.25f});
        List<UserProfile> seenByStep = new ArrayList<>();
        processor = new ApplyEventProcessor(new ProfileFolder(ProfileSettings.defaults()), (folded, event) -> {
            seenByStep.add(folded);
            return stepped;
        });
        processor.init(context);

        process(ALICE, event(VIEW, T0).session("s1").item("i1").category("a").build(), 1_000L);

        UserProfile explicit = new UserProfile(ALICE, 1, Map.of(VIEW, 1L), new DecayedScores(T0, Map.of("a", 1.0)), null,
                null, null, 1, "s1", List.of("i1"), List.of(), T0, T0);
        assertThat(seenByStep).containsExactly(explicit);
        assertThat(store.get(ALICE)).isEqualTo(explicit.withNeural(stepped));
        assertThat(context.forwarded()).hasSize(1);
        assertThat(context.forwarded().get(0).record()).isEqualTo(new Record<>(ALICE, explicit.withNeural(stepped), 1_000L));
    }

    @Test
    void shouldHandTheStoredNeuralStateToTheNextStep() {
        NeuralState stored = new NeuralState("v1", "s1", List.of("i1"), 1, new float[]{0.5f}, new float[]{0.25f});
        store.put(ALICE, UserProfile.empty(ALICE).withNeural(stored));
        List<NeuralState> seenByStep = new ArrayList<>();
        processor = new ApplyEventProcessor(new ProfileFolder(ProfileSettings.defaults()), (folded, event) -> {
            seenByStep.add(folded.neural());
            return folded.neural();
        });
        processor.init(context);

        process(ALICE, event(VIEW, T0).session("s1").item("i2").build(), 1_000L);

        assertThat(seenByStep).containsExactly(stored);
        assertThat(store.get(ALICE).neural()).isEqualTo(stored);
        assertThat(store.get(ALICE).eventCount()).isEqualTo(1);
    }

    private double droppedAfterErasure() {
        return context.metrics().metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("dropped-after-erasure-total"))
                .mapToDouble(e -> (Double) e.getValue().metricValue())
                .sum();
    }

    @Test
    void shouldDropAndCountAnEventReceivedBeforeTheErasureOfItsUser() {
        erased.put(ALICE, T0.toEpochMilli());

        // Event time after the erasure, but ingest received it before: it was in flight.
        process(ALICE, event(VIEW, T0.plusSeconds(5)).item("i1").build(), T0.toEpochMilli());

        assertThat(store.get(ALICE)).isNull();
        assertThat(context.forwarded()).isEmpty();
        assertThat(droppedAfterErasure()).isEqualTo(1.0);
    }

    @Test
    void shouldDropAndCountAnEventThatHappenedBeforeTheErasureOfItsUser() {
        erased.put(ALICE, T0.toEpochMilli());

        // Received after the erasure, but it happened before (e.g. sent late by an offline app).
        process(ALICE, event(VIEW, T0.minusSeconds(1)).item("i1").build(), T0.plusSeconds(5).toEpochMilli());

        assertThat(store.get(ALICE)).isNull();
        assertThat(context.forwarded()).isEmpty();
        assertThat(droppedAfterErasure()).isEqualTo(1.0);
    }

    @Test
    void shouldStartAFreshProfileFromAnEventEntirelyAfterTheErasure() {
        erased.put(ALICE, T0.toEpochMilli());

        process(ALICE, event(VIEW, T0.plusMillis(1)).session("s1").item("i1").build(), T0.plusMillis(1).toEpochMilli());
        process(BOB, event(VIEW, T0).user(BOB).item("i2").build(), T0.toEpochMilli());

        assertThat(store.get(ALICE).eventCount()).isEqualTo(1);
        assertThat(store.get(ALICE).recentItems()).containsExactly("i1");
        assertThat(store.get(BOB).eventCount()).isEqualTo(1);
        assertThat(droppedAfterErasure()).isEqualTo(0.0);
    }
}
