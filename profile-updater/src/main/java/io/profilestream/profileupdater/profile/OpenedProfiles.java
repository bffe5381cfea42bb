package io.profilestream.profileupdater.profile;

import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.profile.UserProfile;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.Punctuator;

/**
 * The profiles one processor wrote last, kept opened, so that a user's next event skips
 * unwrapping the data key, decrypting and parsing what the same processor has just sealed. In the
 * throughput benchmark opening the stored profile was 26 % of the LSTM variant's stream-thread
 * samples (docs/BENCHMARKS.md, runs 89-90), and a shopper's events come in sessions, a few seconds
 * apart.
 *
 * <p>An entry serves a lookup only when the user's stored sealed value and wrapped data key are,
 * byte for byte, the ones it was made from. So whatever rewrites or deletes the profile or the key
 * outside this processor (an erasure, expiry, a handover, a consent withdrawal, a store restored
 * after an aborted transaction) makes the entry miss; it can never serve a stale profile. Opening
 * the same bytes with the same key gives the same profile (the JSON round trip is exact:
 * {@code OpenedProfilesTopologyTest} compares whole runs with and without entries), so a hit and a
 * miss process an event identically.
 *
 * <p>Bounded by entry count (least recently used out first) and by idle time: the sweep runs every
 * half {@link ProfileSettings.OpenedCache#idle()}, so decrypted personal data stays in the heap at
 * most 1.5 × idle after its user's last event (3 minutes by default), also after an erasure or a
 * handover deleted the profile (a consent withdrawal drops it at once), and no longer than the
 * processor, whose init and close empty it.
 *
 * <p>Not thread-safe: one instance per processor instance, used by its stream thread only. As a
 * {@link Punctuator} (wall-clock time) it runs {@link #evictIdle}.
 */
final class OpenedProfiles implements Punctuator {

    /** An opened profile and the data key it was sealed with. */
    record Opened(UserDataCipher.DataKey dataKey, UserProfile profile) {
    }

    private static final class Entry {
        private final byte[] wrappedKey;
        private final byte[] sealed;
        private final Opened opened;
        private long usedAtMs;

        private Entry(byte[] wrappedKey, byte[] sealed, Opened opened, long usedAtMs) {
            this.wrappedKey = wrappedKey;
            this.sealed = sealed;
            this.opened = opened;
            this.usedAtMs = usedAtMs;
        }
    }

    private final int capacity;
    private final long idleMs;
    private final Map<String, Entry> entries;
    private long hits;
    private long misses;

    /**
     * @param capacity entries kept at most; 0 keeps none (every event opens its profile)
     * @param idleMs   an entry unused for this long is dropped by {@link #evictIdle}
     */
    OpenedProfiles(int capacity, long idleMs) {
        if (capacity < 0 || idleMs < 0) {
            throw new IllegalArgumentException("capacity and idle time must be >= 0, got " + capacity + ", " + idleMs);
        }
        this.capacity = capacity;
        this.idleMs = idleMs;
        // Access order: the eldest entry is the least recently used, dropped first.
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > OpenedProfiles.this.capacity;
            }
        };
    }

    /** Keeps nothing: for processors whose users rarely come twice (the handover replay). */
    static OpenedProfiles none() {
        return new OpenedProfiles(0, 0);
    }

    /**
     * The opened profile of {@code userKey} if {@code wrappedKey} and {@code sealed} are exactly
     * what it was remembered with; otherwise null, and any entry of the user is dropped.
     *
     * @param wrappedKey the user's wrapped data key as stored now
     * @param sealed     the user's sealed profile as stored now, null when there is none
     * @param nowMs      wall-clock time of the lookup, for the idle bound
     */
    Opened lookup(String userKey, byte[] wrappedKey, byte[] sealed, long nowMs) {
        Entry entry = entries.get(userKey);
        if (entry == null) {
            misses++;
            return null;
        }
        // A full compare of a few KB: the profile store is not cached, so its arrays are new copies.
        if (!Arrays.equals(entry.sealed, sealed) || !Arrays.equals(entry.wrappedKey, wrappedKey)) {
            entries.remove(userKey);
            misses++;
            return null;
        }
        entry.usedAtMs = nowMs;
        hits++;
        return entry.opened;
    }

    /**
     * Remembers what was just stored for {@code userKey}: the arrays are kept, not copied, and must
     * not be modified afterwards.
     */
    void remember(String userKey, byte[] wrappedKey, byte[] sealed, Opened opened, long nowMs) {
        if (capacity > 0) {
            entries.put(userKey, new Entry(wrappedKey, sealed, opened, nowMs));
        }
    }

    /** Drops the user's entry (their profile or key was deleted). */
    void forget(String userKey) {
        entries.remove(userKey);
    }

    /**
     * Drops every entry unused since {@code nowMs - idle}.
     *
     * @return how many were dropped
     */
    int evictIdle(long nowMs) {
        int dropped = 0;
        // Least recently used first, so the scan stops at the first entry still in use.
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            if (nowMs - it.next().usedAtMs < idleMs) {
                break;
            }
            it.remove();
            dropped++;
        }
        return dropped;
    }

    /** The idle sweep: {@link #evictIdle} at the punctuation's wall-clock time. */
    @Override
    public void punctuate(long timestamp) {
        evictIdle(timestamp);
    }

    /** Drops every entry. */
    void clear() {
        entries.clear();
    }

    /** Entries held now. */
    int size() {
        return entries.size();
    }

    /** Lookups served from an entry since this instance was made. */
    long hits() {
        return hits;
    }

    /** Lookups that found no entry or a stale one since this instance was made. */
    long misses() {
        return misses;
    }
}
