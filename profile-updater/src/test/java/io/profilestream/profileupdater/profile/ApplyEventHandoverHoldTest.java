package io.profilestream.profileupdater.profile;

import static io.profilestream.model.event.EventType.VIEW;
import static io.profilestream.profileupdater.profile.TestCipher.CIPHER;
import static io.profilestream.profileupdater.profile.TestEvents.ALICE;
import static io.profilestream.profileupdater.profile.TestEvents.BOB;
import static io.profilestream.profileupdater.profile.TestEvents.T0;
import static io.profilestream.profileupdater.profile.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.Consent;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.profileupdater.neural.NeuralStep;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The per-event step during a key rotation: which events wait for a handover, and the bound on waiting. */
class ApplyEventHandoverHoldTest {

    private MockProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> store;
    private KeyValueStore<String, byte[]> keys;
    private KeyValueStore<String, Long> erased;
    private KeyValueStore<String, byte[]> awaiting;
    private KeyValueStore<String, byte[]> holdingKeys;
    private KeyValueStore<String, Long> handedOver;
    private ApplyEventProcessor processor;

    @BeforeEach
    void setUp() {
        ProcessorStores<String, byte[]> stores = ProcessorStores.all();
        context = stores.context;
        store = stores.profiles;
        keys = stores.keys;
        erased = stores.erased;
        awaiting = stores.awaiting;
        holdingKeys = stores.holdingKeys;
        handedOver = stores.handedOver;
        processor = new ApplyEventProcessor(ProfileSettings.defaults(), NeuralStep.disabled(), CIPHER);
        processor.init(context);
    }

    private void process(String key, CleanEvent event, long timestamp) {
        processor.process(new Record<>(key, event, timestamp));
    }

    private UserProfile stored(String user) {
        byte[] sealed = store.get(user);
        return sealed == null ? null : TestCipher.open(user, keys.get(user), sealed);
    }

    private long forwardedProfiles() {
        return context.forwarded().stream().filter(f -> f.childName().equals(Optional.of(ProfileTopology.SINK))).count();
    }

    private static final String OLD_ALICE = "0a".repeat(32);

    @Test
    void shouldHoldAnEventMarkedWithAPreviousPseudonymUntilItsProfileIsHandedOver() {
        process(ALICE, event(VIEW, T0).item("i1").previousUser(OLD_ALICE).build(), 1_000L);
        process(ALICE, event(VIEW, T0.plusSeconds(1)).item("i2").previousUser(OLD_ALICE).build(), 2_000L);

        assertThat(context.forwarded()).isEmpty();
        assertThat(store.get(ALICE)).isNull();
        assertThat(keys.get(ALICE)).isNull();
        assertThat(new HandoverBuffer(awaiting, holdingKeys, CIPHER).release(ALICE)).extracting(r -> r.value().itemId(), Record::timestamp)
                .containsExactly(tuple("i1", 1_000L), tuple("i2", 2_000L));
    }

    @Test
    void shouldKeepThePreviousPseudonymWhenTheEventTimeIsTakenFromTheRecord() {
        CleanEvent timeless = event(VIEW, T0).item("i1").previousUser(OLD_ALICE).build().withEventTime(null);

        process(ALICE, timeless, 5_000L);

        assertThat(new HandoverBuffer(awaiting, holdingKeys, CIPHER).release(ALICE)).extracting(Record::value)
                .containsExactly(timeless.withEventTime(java.time.Instant.ofEpochMilli(5_000L)));
    }

    @Test
    void shouldApplyAMarkedEventDirectlyOnceHandedOverOrWhenTheUserHasAProfile() {
        handedOver.put(ALICE, 1L);
        process(ALICE, event(VIEW, T0).item("i1").previousUser(OLD_ALICE).build(), 1_000L);
        process(BOB, event(VIEW, T0).user(BOB).item("i2").build(), 1_000L);
        process(BOB, event(VIEW, T0.plusSeconds(1)).user(BOB).item("i3").previousUser(OLD_ALICE).build(), 2_000L);

        assertThat(stored(ALICE).eventCount()).isEqualTo(1);
        assertThat(stored(BOB).eventCount()).isEqualTo(2);
        assertThat(awaiting.approximateNumEntries()).isZero();
    }

    @Test
    void shouldNotHoldTheEventsOfAUserErasedUnderTheNewPseudonym() {
        erased.put(ALICE, T0.toEpochMilli());

        process(ALICE, event(VIEW, T0.plusSeconds(1)).item("i1").previousUser(OLD_ALICE).build(), T0.plusSeconds(1).toEpochMilli());

        assertThat(stored(ALICE).eventCount()).isEqualTo(1);
        assertThat(awaiting.get(ALICE)).isNull();
    }

    @Test
    void shouldDeleteTheHeldEventsAndTheirHoldingKeyWhenConsentIsWithdrawn() {
        process(ALICE, event(VIEW, T0).item("i1").previousUser(OLD_ALICE).build(), 1_000L);
        process(BOB, event(VIEW, T0).user(BOB).item("i2").previousUser(OLD_ALICE).build(), 1_000L);
        assertThat(holdingKeys.get(ALICE)).isNotNull();

        process(ALICE, event(VIEW, T0.plusSeconds(1)).consent(Consent.WITHDRAWN).build(), 2_000L);

        assertThat(awaiting.get(ALICE)).isNull();
        assertThat(holdingKeys.get(ALICE)).isNull();
        assertThat(new HandoverBuffer(awaiting, holdingKeys, CIPHER).size(BOB)).isEqualTo(1);
        assertThat(store.get(ALICE)).isNull();
        // The usual withdrawal tombstones, and nothing profiled.
        assertThat(context.forwarded()).extracting(f -> f.childName().orElseThrow(), f -> f.record().value())
                .containsExactly(tuple(ProfileTopology.SINK, null), tuple(ProfileTopology.USER_KEYS_SINK, null));
    }

    @Test
    void shouldApplyEveryHeldEventWithAWarningOnceTheBoundIsPassed() {
        for (int i = 0; i < HandoverBuffer.MAX_EVENTS; i++) {
            process(ALICE, event(VIEW, T0.plusSeconds(i)).item("i" + i).previousUser(OLD_ALICE).build(), i);
        }
        assertThat(context.forwarded()).isEmpty();
        assertThat(new HandoverBuffer(awaiting, holdingKeys, CIPHER).size(ALICE)).isEqualTo(1_000);
        context.setRecordMetadata("profilestream.events.clean.v1", 3, 42L);
        context.setCurrentSystemTimeMs(77L);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(ApplyEventProcessor.class);
        log.start();
        logger.addAppender(log);
        try {
            process(ALICE, event(VIEW, T0.plusSeconds(1_000)).item("last").previousUser(OLD_ALICE).build(), 1_000L);
        } finally {
            logger.detachAppender(log);
        }

        assertThat(stored(ALICE).eventCount()).isEqualTo(1_001);
        assertThat(stored(ALICE).recentItems().get(0)).isEqualTo("last");
        assertThat(forwardedProfiles()).isEqualTo(1_001L);
        assertThat(awaiting.get(ALICE)).isNull();
        assertThat(holdingKeys.get(ALICE)).isNull();
        assertThat(handedOver.get(ALICE)).isEqualTo(77L);
        assertThat(log.list).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
                .containsExactly(tuple(Level.WARN, "No profile handed over after 1001 held events of a user at "
                        + "profilestream.events.clean.v1-3@42 (bound 1000 events / 524288 bytes reached); applying them "
                        + "without waiting"));
    }
}
