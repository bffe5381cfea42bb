package io.profilestream.profileupdater.profile;

import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.serde.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The clean events of users whose profile is on its way from their previous pseudonym after a key
 * rotation, over the {@link ProfileTopology#AWAITING_HANDOVER_STORE} store (pseudonym to
 * {@link AwaitingEvents} JSON). Holding them back, rather than applying them at once, is what
 * lets the handed-over profile be continued instead of a second, fresh one being started.
 *
 * <p>Bounded: a handover that never comes (lost, or the old partition far behind) must not hold a
 * user's events forever, and the whole list is one store value, so one changelog record that
 * must stay well below the brokers' default 1 MiB record limit. Past {@link #MAX_EVENTS} events or
 * {@link #MAX_BYTES} bytes the caller gets the held events back to apply without waiting.
 *
 * <p>The held events are plaintext, as they are on the clean events topic they came from (kept
 * for that topic's retention anyway); an erasure deletes them ({@link EraseProfileProcessor}).
 */
final class HandoverBuffer {

    /** Most events held for one user. */
    static final int MAX_EVENTS = 1_000;
    /** Largest JSON value held for one user: half the brokers' default record limit. */
    static final int MAX_BYTES = 512 * 1024;

    private final KeyValueStore<String, byte[]> store;

    HandoverBuffer(KeyValueStore<String, byte[]> store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Holds {@code record} (keyed by the user's new pseudonym) behind the user's earlier held events.
     *
     * @return null when it is held; otherwise the bound is reached: every held event of the user
     *         and then {@code record}, in order, to apply now (the buffer is deleted)
     */
    List<Record<String, CleanEvent>> hold(Record<String, CleanEvent> record) {
        String userKey = record.key();
        List<AwaitingEvents.Held> held = new ArrayList<>(read(store.get(userKey)).events());
        held.add(new AwaitingEvents.Held(record.value(), record.timestamp()));
        byte[] json = write(new AwaitingEvents(held));
        if (held.size() > MAX_EVENTS || json.length > MAX_BYTES) {
            store.delete(userKey);
            return toRecords(userKey, held);
        }
        store.put(userKey, json);
        return null;
    }

    /** The user's held events in arrival order (empty when none), deleting them from the store. */
    List<Record<String, CleanEvent>> release(String userKey) {
        byte[] json = store.delete(userKey);
        return toRecords(userKey, read(json).events());
    }

    /** How many events are held for {@code userKey}. */
    int size(String userKey) {
        return read(store.get(userKey)).events().size();
    }

    private static List<Record<String, CleanEvent>> toRecords(String userKey, List<AwaitingEvents.Held> held) {
        return held.stream().map(h -> new Record<>(userKey, h.event(), h.timestamp())).toList();
    }

    private static AwaitingEvents read(byte[] json) {
        if (json == null) {
            return new AwaitingEvents(List.of());
        }
        try {
            return Json.mapper().readValue(json, AwaitingEvents.class);
        } catch (IOException e) {
            // Only this class writes the store: unreadable means a bug or corruption, which must stop the task.
            throw new UncheckedIOException("cannot read the events awaiting a handover", e);
        }
    }

    private static byte[] write(AwaitingEvents events) {
        try {
            return Json.mapper().writeValueAsBytes(events);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the events awaiting a handover", e);
        }
    }
}
