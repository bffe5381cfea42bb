package io.profilestream.profileupdater.profile;

import io.profilestream.model.crypto.UndecryptableException;
import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.serde.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The clean events of users whose profile is on its way from their previous pseudonym after a key
 * rotation, over the {@link ProfileTopology#AWAITING_HANDOVER_STORE} store (pseudonym to sealed
 * {@link AwaitingEvents} JSON). Holding them back, rather than applying them at once, is what
 * lets the handed-over profile be continued instead of a second, fresh one being started.
 *
 * <p>Bounded: a handover that never comes (lost, or the old partition far behind) must not hold a
 * user's events forever, and the whole list is one store value, so one changelog record that
 * must stay well below the brokers' default 1 MiB record limit. Past {@link #MAX_EVENTS} events or
 * {@link #MAX_BYTES} bytes the caller gets the held events back to apply without waiting.
 *
 * <p>Encrypted at rest like every other per-user value of this service: the held events are
 * sealed ({@link UserDataCipher#seal(UserDataCipher.DataKey, byte[])}, AES-GCM with the pseudonym
 * as associated data) under a data key of their own, the user's <em>holding key</em>, kept wrapped
 * in {@link ProfileTopology#HOLDING_KEYS_STORE}. It is created with the first held event and
 * deleted whenever the held events are (released, the bound passed, {@link #discard erased or
 * consent withdrawn}), so the holding-keys changelog ends in a tombstone and every older copy of
 * the events in the awaiting-handover changelog, not compacted away yet, no longer opens
 * (crypto-shredding). It is deliberately not the user's profile key ({@link ProfileTopology#USER_KEYS_STORE}):
 * a key there is published on the user keys topic and belongs to the profile, and the handover
 * brings a key of its own.
 */
final class HandoverBuffer {

    /** Most events held for one user. */
    static final int MAX_EVENTS = 1_000;
    /** Largest JSON value held for one user (before sealing adds 29 bytes): half the brokers' default record limit. */
    static final int MAX_BYTES = 512 * 1024;

    private final KeyValueStore<String, byte[]> events;
    private final KeyValueStore<String, byte[]> holdingKeys;
    private final UserDataCipher cipher;

    /**
     * @param events      the {@link ProfileTopology#AWAITING_HANDOVER_STORE} store
     * @param holdingKeys the {@link ProfileTopology#HOLDING_KEYS_STORE} store
     * @param cipher      seals and opens the held events, creates the holding keys
     */
    HandoverBuffer(KeyValueStore<String, byte[]> events, KeyValueStore<String, byte[]> holdingKeys, UserDataCipher cipher) {
        this.events = Objects.requireNonNull(events, "events");
        this.holdingKeys = Objects.requireNonNull(holdingKeys, "holdingKeys");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
    }

    /**
     * Over the stores of a processor connected to both {@link ProfileTopology#AWAITING_HANDOVER_STORE}
     * and {@link ProfileTopology#HOLDING_KEYS_STORE}.
     */
    static HandoverBuffer of(ProcessorContext<?, ?> context, UserDataCipher cipher) {
        return new HandoverBuffer(context.getStateStore(ProfileTopology.AWAITING_HANDOVER_STORE),
                context.getStateStore(ProfileTopology.HOLDING_KEYS_STORE), cipher);
    }

    /**
     * Holds {@code record} (keyed by the user's new pseudonym) behind the user's earlier held events.
     *
     * @return null when it is held; otherwise the bound is reached: every held event of the user
     *         and then {@code record}, in order, to apply now (the held events and the holding key
     *         are deleted)
     * @throws IllegalStateException when the held events cannot be opened (see {@link #release})
     */
    List<Record<String, CleanEvent>> hold(Record<String, CleanEvent> record) {
        String userKey = record.key();
        byte[] wrappedKey = holdingKeys.get(userKey);
        boolean newKey = wrappedKey == null;
        if (newKey) {
            wrappedKey = cipher.newWrappedKey(userKey);
        }
        UserDataCipher.DataKey dataKey = unwrap(userKey, wrappedKey);
        // A value left without its key was shredded (see read): it is overwritten, not continued.
        List<AwaitingEvents.Held> held = new ArrayList<>(newKey ? List.of() : read(dataKey, events.get(userKey)).events());
        held.add(new AwaitingEvents.Held(record.value(), record.timestamp()));
        byte[] json = write(new AwaitingEvents(held));
        if (held.size() > MAX_EVENTS || json.length > MAX_BYTES) {
            events.delete(userKey);
            holdingKeys.delete(userKey);
            return toRecords(userKey, held);
        }
        if (newKey) {
            holdingKeys.put(userKey, wrappedKey);
        }
        events.put(userKey, cipher.seal(dataKey, json));
        return null;
    }

    /**
     * The user's held events in arrival order (empty when none), deleting them and the holding key.
     *
     * @throws IllegalStateException when a held value and its holding key are both there but do not
     *                               open together (altered data, a value of another pseudonym, a
     *                               key wrapped under another master key): only this class writes
     *                               both stores, so that is a bug, corruption or a misconfigured
     *                               master key, and the task must stop rather than lose the events
     */
    List<Record<String, CleanEvent>> release(String userKey) {
        List<AwaitingEvents.Held> held = read(userKey);
        events.delete(userKey);
        holdingKeys.delete(userKey);
        return toRecords(userKey, held);
    }

    /** How many events are held for {@code userKey}; throws as {@link #release}. */
    int size(String userKey) {
        return read(userKey).size();
    }

    /**
     * Deletes the user's held events and holding key without opening them: an erasure or a
     * withdrawal of consent must succeed whatever state the held value is in.
     *
     * @param events      the {@link ProfileTopology#AWAITING_HANDOVER_STORE} store
     * @param holdingKeys the {@link ProfileTopology#HOLDING_KEYS_STORE} store
     * @return true when events were held
     */
    static boolean discard(KeyValueStore<String, byte[]> events, KeyValueStore<String, byte[]> holdingKeys, String userKey) {
        boolean held = events.delete(userKey) != null;
        // Always, like the other erasure deletes: the changelog's latest record for the user must be a tombstone.
        holdingKeys.delete(userKey);
        return held;
    }

    private List<AwaitingEvents.Held> read(String userKey) {
        byte[] sealed = events.get(userKey);
        byte[] wrappedKey = holdingKeys.get(userKey);
        // Without its key a held value is shredded, not corrupt. The key is only ever deleted together
        // with the value, in the same transaction, so a value outliving it can only be the remnant of
        // an erasure (or an operator destroying the key to erase the events): there is nothing left to
        // apply, and stopping the task on it would stall every user of the partition for good.
        if (sealed == null || wrappedKey == null) {
            return List.of();
        }
        return read(unwrap(userKey, wrappedKey), sealed).events();
    }

    private AwaitingEvents read(UserDataCipher.DataKey dataKey, byte[] sealed) {
        if (sealed == null) {
            return new AwaitingEvents(List.of());
        }
        byte[] json;
        try {
            json = cipher.open(dataKey, sealed);
        } catch (UndecryptableException e) {
            throw new IllegalStateException("cannot open the events awaiting a handover: " + e.getMessage(), e);
        }
        try {
            return Json.mapper().readValue(json, AwaitingEvents.class);
        } catch (IOException e) {
            // Only this class writes the store: unreadable means a bug or corruption, which must stop the task.
            throw new UncheckedIOException("cannot read the events awaiting a handover", e);
        }
    }

    private UserDataCipher.DataKey unwrap(String userKey, byte[] wrappedKey) {
        try {
            return cipher.unwrapKey(userKey, wrappedKey);
        } catch (UndecryptableException e) {
            // A holding key this master key cannot unwrap: misconfiguration or corruption, never to be overwritten.
            throw new IllegalStateException("cannot unwrap the key of the events awaiting a handover: " + e.getMessage(), e);
        }
    }

    private static List<Record<String, CleanEvent>> toRecords(String userKey, List<AwaitingEvents.Held> held) {
        return held.stream().map(h -> new Record<>(userKey, h.event(), h.timestamp())).toList();
    }

    private static byte[] write(AwaitingEvents events) {
        try {
            return Json.mapper().writeValueAsBytes(events);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the events awaiting a handover", e);
        }
    }
}
