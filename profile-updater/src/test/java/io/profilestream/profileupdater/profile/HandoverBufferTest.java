package io.profilestream.profileupdater.profile;

import static io.profilestream.model.event.EventType.PURCHASE;
import static io.profilestream.model.event.EventType.REVIEW;
import static io.profilestream.model.event.EventType.SEARCH;
import static io.profilestream.model.event.EventType.VIEW;
import static io.profilestream.profileupdater.profile.TestCipher.CIPHER;
import static io.profilestream.profileupdater.profile.TestEvents.ALICE;
import static io.profilestream.profileupdater.profile.TestEvents.BOB;
import static io.profilestream.profileupdater.profile.TestEvents.T0;
import static io.profilestream.profileupdater.profile.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.event.CleanEvent;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The events held for a key-rotation handover: sealed under a holding key that lives exactly as long as they do. */
class HandoverBufferTest {

    private static final String OLD_ALICE = "0a".repeat(32);
    private static final CleanEvent VIEWED = event(VIEW, T0).item("sku-secret-4711").category("maternity.clothing")
            .brand("brand-x").previousUser(OLD_ALICE).build();
    private static final CleanEvent SEARCHED = event(SEARCH, T0.plusSeconds(1)).query("pregnancy test")
            .previousUser(OLD_ALICE).build();
    private static final CleanEvent REVIEWED = event(REVIEW, T0.plusSeconds(2)).item("sku-secret-4711").rating(2)
            .review("arrived late and the box was open").previousUser(OLD_ALICE).build();
    private static final CleanEvent BOUGHT = event(PURCHASE, T0.plusSeconds(3)).item("sku-secret-4711")
            .price("89.90", "EUR").quantity(1).previousUser(OLD_ALICE).build();

    private KeyValueStore<String, byte[]> events;
    private KeyValueStore<String, byte[]> holdingKeys;
    private HandoverBuffer buffer;

    @BeforeEach
    void setUp() {
        // Only the buffer's own stores: it must work without the profile stores.
        ProcessorStores<String, byte[]> stores = ProcessorStores.only(ProfileTopology.AWAITING_HANDOVER_STORE,
                ProfileTopology.HOLDING_KEYS_STORE);
        events = stores.awaiting;
        holdingKeys = stores.holdingKeys;
        buffer = HandoverBuffer.of(stores.context, CIPHER);
    }

    private List<Record<String, CleanEvent>> hold(String user, CleanEvent event, long timestamp) {
        return buffer.hold(new Record<>(user, event, timestamp));
    }

    private void holdAliceFour() {
        hold(ALICE, VIEWED, 1_000L);
        hold(ALICE, SEARCHED, 2_000L);
        hold(ALICE, REVIEWED, 3_000L);
        hold(ALICE, BOUGHT, 4_000L);
    }

    @Test
    void shouldStoreTheHeldEventsOnlySealedUnderTheUsersHoldingKey() {
        holdAliceFour();

        byte[] stored = events.get(ALICE);
        String raw = TestCipher.latin1(stored);
        for (String plaintext : List.of("sku-secret-4711", "maternity", "brand-x", "pregnancy", "arrived late", "89.90",
                "EUR", OLD_ALICE, "view", "events")) {
            assertThat(raw).doesNotContain(plaintext);
        }
        // The same bytes are the events for whoever holds the key, bound to the pseudonym.
        AwaitingEvents opened = CIPHER.openJson(ALICE, holdingKeys.get(ALICE), stored, AwaitingEvents.class);
        assertThat(opened).isEqualTo(new AwaitingEvents(List.of(new AwaitingEvents.Held(VIEWED, 1_000L),
                new AwaitingEvents.Held(SEARCHED, 2_000L), new AwaitingEvents.Held(REVIEWED, 3_000L),
                new AwaitingEvents.Held(BOUGHT, 4_000L))));
        assertThat(TestCipher.latin1(holdingKeys.get(ALICE))).doesNotContain("sku-secret-4711");
    }

    @Test
    void shouldKeepOneHoldingKeyPerUserWhileTheirEventsAreHeld() {
        hold(ALICE, VIEWED, 1_000L);
        byte[] first = holdingKeys.get(ALICE);
        hold(ALICE, SEARCHED, 2_000L);
        hold(BOB, SEARCHED, 2_000L);

        assertThat(holdingKeys.get(ALICE)).isEqualTo(first);
        assertThat(holdingKeys.get(BOB)).isNotNull().isNotEqualTo(first);
        assertThat(buffer.size(ALICE)).isEqualTo(2);
        assertThat(buffer.size(BOB)).isEqualTo(1);
    }

    @Test
    void shouldReleaseTheExactEventsInArrivalOrderAndDestroyTheHoldingKey() {
        holdAliceFour();
        hold(BOB, SEARCHED, 5_000L);

        List<Record<String, CleanEvent>> released = buffer.release(ALICE);

        assertThat(released).extracting(Record::key, Record::value, Record::timestamp).containsExactly(
                tuple(ALICE, VIEWED, 1_000L), tuple(ALICE, SEARCHED, 2_000L), tuple(ALICE, REVIEWED, 3_000L),
                tuple(ALICE, BOUGHT, 4_000L));
        assertThat(events.get(ALICE)).isNull();
        assertThat(holdingKeys.get(ALICE)).isNull();
        assertThat(buffer.release(ALICE)).isEmpty();
        assertThat(buffer.size(BOB)).isEqualTo(1);
    }

    @Test
    void shouldDestroyTheHoldingKeyWhenTheBoundIsPassed() {
        for (int i = 0; i < HandoverBuffer.MAX_EVENTS; i++) {
            assertThat(hold(ALICE, event(VIEW, T0.plusSeconds(i)).item("i" + i).previousUser(OLD_ALICE).build(), i)).isNull();
        }
        assertThat(holdingKeys.get(ALICE)).isNotNull();

        List<Record<String, CleanEvent>> overdue = hold(ALICE, VIEWED, 5_000L);

        assertThat(overdue).hasSize(1_001);
        assertThat(overdue.get(0).value().itemId()).isEqualTo("i0");
        assertThat(overdue.get(999).value().itemId()).isEqualTo("i999");
        assertThat(overdue.get(1_000)).extracting(Record::value, Record::timestamp).containsExactly(VIEWED, 5_000L);
        assertThat(events.get(ALICE)).isNull();
        assertThat(holdingKeys.get(ALICE)).isNull();
    }

    @Test
    void shouldNotOpenAValueSealedForAnotherPseudonym() {
        hold(ALICE, VIEWED, 1_000L);
        hold(BOB, SEARCHED, 2_000L);
        byte[] bobs = events.get(BOB);

        events.put(ALICE, bobs);

        assertThatThrownBy(() -> buffer.release(ALICE)).isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot open the events awaiting a handover: cannot open a value: authentication failed "
                        + "(wrong user, key or altered data)");
        // Nothing is deleted when the task stops on it.
        assertThat(events.get(ALICE)).isEqualTo(bobs);
        assertThat(holdingKeys.get(ALICE)).isNotNull();

        holdingKeys.put(ALICE, holdingKeys.get(BOB));
        assertThatThrownBy(() -> buffer.size(ALICE)).isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot unwrap the key of the events awaiting a handover: cannot unwrap a data key: "
                        + "authentication failed (wrong user, key or altered data)");
    }

    @Test
    void shouldStopOnAHoldingKeyWrappedUnderAnotherMasterKey() {
        hold(ALICE, VIEWED, 1_000L);
        holdingKeys.put(ALICE, new UserDataCipher("m2", new byte[32]).newWrappedKey(ALICE));

        assertThatThrownBy(() -> hold(ALICE, SEARCHED, 2_000L)).isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot unwrap the key of the events awaiting a handover: data key is wrapped under "
                        + "master key 'm2', this service holds 'm1'");
    }

    @Test
    void shouldStopOnAnOpenedValueThatIsNotHeldEvents() {
        hold(ALICE, VIEWED, 1_000L);
        events.put(ALICE, CIPHER.seal(ALICE, holdingKeys.get(ALICE), "not json".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> buffer.release(ALICE)).isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot read the events awaiting a handover");
    }

    @Test
    void shouldTreatHeldEventsWhoseHoldingKeyIsGoneAsShredded() {
        hold(ALICE, VIEWED, 1_000L);
        holdingKeys.delete(ALICE);

        assertThat(buffer.size(ALICE)).isZero();
        // A new hold starts over under a new key rather than continuing what can no longer be read.
        assertThat(hold(ALICE, SEARCHED, 2_000L)).isNull();
        assertThat(buffer.release(ALICE)).extracting(Record::value, Record::timestamp)
                .containsExactly(tuple(SEARCHED, 2_000L));

        hold(ALICE, VIEWED, 3_000L);
        holdingKeys.delete(ALICE);
        assertThat(buffer.release(ALICE)).isEmpty();
        assertThat(events.get(ALICE)).isNull();
    }

    @Test
    void shouldDiscardHeldEventsAndTheirHoldingKeyWithoutOpeningThem() {
        hold(BOB, VIEWED, 1_000L);
        events.put(ALICE, "unreadable".getBytes(StandardCharsets.UTF_8));
        holdingKeys.put(ALICE, new byte[] {9, 9, 9});

        assertThat(HandoverBuffer.discard(events, holdingKeys, ALICE)).isTrue();
        assertThat(HandoverBuffer.discard(events, holdingKeys, ALICE)).isFalse();

        assertThat(events.get(ALICE)).isNull();
        assertThat(holdingKeys.get(ALICE)).isNull();
        assertThat(buffer.size(BOB)).isEqualTo(1);
    }

    @Test
    void shouldDestroyTheHoldingKeyWhenTheByteBoundIsPassed() {
        CleanEvent large = event(SEARCH, T0).query("q".repeat(200_000)).previousUser(OLD_ALICE).build();

        assertThat(hold(ALICE, large, 1_000L)).isNull();
        assertThat(hold(ALICE, large, 2_000L)).isNull();
        List<Record<String, CleanEvent>> overdue = hold(ALICE, large, 3_000L);

        assertThat(overdue).extracting(Record::timestamp).containsExactly(1_000L, 2_000L, 3_000L);
        assertThat(events.get(ALICE)).isNull();
        assertThat(holdingKeys.get(ALICE)).isNull();
    }
}
