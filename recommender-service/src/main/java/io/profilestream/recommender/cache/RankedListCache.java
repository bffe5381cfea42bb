package io.profilestream.recommender.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.profilestream.model.profile.NeuralState;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.recommender.config.RecommenderSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The model's ranking per user (key: the pseudonym the request was served under), kept between
 * requests until the user's profile or the model changes: retrieval and ranking are most of a
 * recommendation's CPU, and a user is usually asked for again before their next event.
 *
 * <p>A cached {@link RankedList} is served only while everything it was computed from is
 * unchanged:
 * <ul>
 *   <li><b>the model</b>: the version is compared on every lookup, so a hot swap invalidates every
 *       entry at once (they age out by size and TTL);</li>
 *   <li><b>the profile</b>: a {@link Fingerprint} of every profile input of the model path (the
 *       LSTM state with its session items, the purchased items) plus event count and event times,
 *       which change with every applied event; compared by value on every lookup;</li>
 *   <li><b>the catalogue and what the user was shown</b>: stock is not cached at all, and the
 *       items shown too often only as the exclusions a ranking was computed without
 *       ({@link RankedList#servesWithout}): stock and the shown-too-often filter are applied at
 *       serve time, and item details are read then too.</li>
 * </ul>
 * The model path reads no other live input: the popularity among its features is the training
 * data's, part of the model. So within the TTL a cached answer is the answer a fresh computation
 * would give (see {@link RankedList} for the prefix that guarantee covers). Expiry is a bound, not
 * a correctness device: an entry goes {@code ttl} (default 30s) after its last use, which bounds
 * how long a ranking derived from a user's data stays in memory once nothing asks for it, and at
 * the latest {@code maxAge} (default 10 min, less a random 0-20 % per entry) after it was
 * computed, a bound on any input this reasoning missed. Expiry counts from the last use rather
 * than from the computation because rankings computed together then expired together: in the
 * latency benchmark every user's entry (2,601) expired in the same few seconds every 30 s, and
 * the burst of misses (~500/s) queued requests for hundreds of milliseconds (run 44,
 * docs/BENCHMARKS.md). The jitter spreads the same burst after a model swap or a restart.
 *
 * <p>Erasure, consent and deletion: the recommender's erasure processor {@link #invalidate}s the
 * user's entry when the command arrives and again when it confirms (one command per pseudonym,
 * so both pseudonyms during a key rotation). Consent withdrawal and profile deletion need no
 * hook: the user then has no readable profile, so no request takes the model path and no lookup
 * can match, and the entry is gone within the TTL. A request racing an erasure may put an entry
 * back after the invalidation; it matches only the erased profile copy, which is never served
 * again once tombstoned or shredded.
 *
 * <p>Rankings computed off the request thread ({@link RankingAhead}) come in through
 * {@link #replace}, which never brings back an entry invalidated meanwhile.
 *
 * <p>Thread-safe (Caffeine). The cache's own maintenance runs on the calling thread, so it needs
 * no pool of its own on a service that shares two cores.
 */
public final class RankedListCache {

    private static final RankedListCache DISABLED = new RankedListCache(0, Duration.ofSeconds(1), Duration.ofSeconds(1), 1,
            Ticker.systemTicker(), () -> 0.0);

    /** The largest share of {@code maxAge} taken off an entry's life at random. */
    static final double MAX_AGE_JITTER = 0.2;

    /**
     * What a cached ranking was computed from on the profile side; equal only when every input of
     * the model path is.
     *
     * @param eventCount     events applied (changes with every applied event)
     * @param firstEventTime first event time (tells a profile rebuilt after erasure from the old one)
     * @param lastEventTime  latest event time
     * @param neural         the LSTM state with the session items, by value
     * @param purchased      the purchased items, excluded from the ranking
     */
    public record Fingerprint(long eventCount, Instant firstEventTime, Instant lastEventTime, NeuralState neural,
                              List<String> purchased) {

        /** The fingerprint of {@code profile}. */
        public static Fingerprint of(UserProfile profile) {
            return new Fingerprint(profile.eventCount(), profile.firstEventTime(), profile.lastEventTime(),
                    profile.neural(), profile.purchasedItems());
        }
    }

    /** @param expiresAt ticker time (ns) after which the entry is not served, however often it is used */
    private record Entry(Fingerprint fingerprint, RankedList list, long expiresAt) {
    }

    private final Cache<String, Entry> entries;
    private final int depth;
    private final Ticker ticker;
    private final DoubleSupplier jitter;
    private final long maxAgeNanos;

    /**
     * @param maxEntries users kept at most (least valuable evicted first); 0 disables the cache
     * @param ttl        how long after its last use an entry is kept
     * @param maxAge     how long after it was computed an entry may be served at most, before jitter
     * @param depth      items each ranking is computed for
     * @param ticker     the time source of expiry (tests pass a manual one)
     * @param jitter     a value in [0, 1) per entry: the share of {@link #MAX_AGE_JITTER} taken off
     *                   its max age (tests pass a fixed one)
     */
    public RankedListCache(int maxEntries, Duration ttl, Duration maxAge, int depth, Ticker ticker, DoubleSupplier jitter) {
        if (maxEntries < 0 || depth < 1 || ttl.isNegative() || ttl.isZero() || maxAge.compareTo(ttl) < 0) {
            throw new IllegalArgumentException("ranked-list cache needs maxEntries >= 0, depth >= 1, a positive ttl and "
                    + "maxAge >= ttl, got " + maxEntries + ", " + depth + ", " + ttl + ", " + maxAge);
        }
        this.depth = depth;
        this.ticker = ticker;
        this.jitter = jitter;
        this.maxAgeNanos = saturatedNanos(maxAge);
        long ttlNanos = saturatedNanos(ttl);
        this.entries = maxEntries == 0 ? null : Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfter(new Expiry<String, Entry>() {
                    @Override
                    public long expireAfterCreate(String key, Entry entry, long now) {
                        return Math.max(0, Math.min(ttlNanos, entry.expiresAt() - now));
                    }

                    @Override
                    public long expireAfterUpdate(String key, Entry entry, long now, long currentDuration) {
                        return expireAfterCreate(key, entry, now);
                    }

                    @Override
                    public long expireAfterRead(String key, Entry entry, long now, long currentDuration) {
                        return expireAfterCreate(key, entry, now);
                    }
                })
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    /** Nanoseconds of {@code d}, Long.MAX_VALUE for anything longer (about 292 years). */
    private static long saturatedNanos(Duration d) {
        return d.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : d.toNanos();
    }

    /** The cache {@code settings} describe ({@code ranked-cache-*}), on the system ticker. */
    public static RankedListCache from(RecommenderSettings settings) {
        return new RankedListCache(settings.rankedCacheSize(), settings.rankedCacheTtl(), settings.rankedCacheMaxAge(),
                settings.rankedCacheDepth(), Ticker.systemTicker(), () -> ThreadLocalRandom.current().nextDouble());
    }

    /** A cache that keeps nothing: every request computes its list. */
    public static RankedListCache disabled() {
        return DISABLED;
    }

    /** False when configured with size 0: callers then take the uncached path. */
    public boolean enabled() {
        return entries != null;
    }

    /** Items a ranking is computed for. */
    public int depth() {
        return depth;
    }

    /**
     * The ranking cached for {@code userKey}, when it was computed by {@code modelVersion} from a
     * profile with {@code profile}'s fingerprint, used less than the TTL ago and computed less
     * than its max age ago. A lookup counts as a use.
     */
    public Optional<RankedList> get(String userKey, String modelVersion, UserProfile profile) {
        if (entries == null) {
            return Optional.empty();
        }
        Entry entry = entries.getIfPresent(userKey);
        if (entry == null || !entry.list().modelVersion().equals(modelVersion)
                || !entry.fingerprint().equals(Fingerprint.of(profile))) {
            return Optional.empty();
        }
        return Optional.of(entry.list());
    }

    /** Keeps {@code list}, computed from {@code profile}, for {@code userKey} (replacing any entry). */
    public void put(String userKey, UserProfile profile, RankedList list) {
        if (entries != null) {
            entries.put(userKey, entry(profile, list));
        }
    }

    /**
     * Replaces {@code userKey}'s ranking with {@code list}, computed from {@code profile}, only while
     * the entry still holds {@code expected}: for rankings computed off the request thread, which
     * must not bring back an entry that was invalidated (erasure), expired or replaced meanwhile.
     * Refused when {@code list} comes from another model version than {@code expected}. Atomic with
     * respect to {@link #put} and {@link #invalidate}.
     *
     * @return whether {@code list} is now cached
     */
    public boolean replace(String userKey, RankedList expected, UserProfile profile, RankedList list) {
        if (entries == null) {
            return false;
        }
        // Read quietly and compare-and-set: a compute that keeps the old entry would still count as a
        // write and renew its expiry, stretching "30 s after the last use".
        Entry current = entries.policy().getIfPresentQuietly(userKey);
        // A list of another model version is a caller's bug (ranking ahead ranks with the model of
        // the list it replaces): refused, so the ranking that still serves stays.
        return current != null && current.list() == expected && list.modelVersion().equals(expected.modelVersion())
                && entries.asMap().replace(userKey, current, entry(profile, list));
    }

    private Entry entry(UserProfile profile, RankedList list) {
        long life = maxAgeNanos - (long) (maxAgeNanos * MAX_AGE_JITTER * jitter.getAsDouble());
        return new Entry(Fingerprint.of(profile), Objects.requireNonNull(list, "list"), ticker.read() + life);
    }

    /** Forgets {@code userKey}'s ranking (erasure). */
    public void invalidate(String userKey) {
        if (entries != null) {
            entries.invalidate(userKey);
        }
    }

    /** Entries held now, expired ones excluded. */
    public long size() {
        if (entries == null) {
            return 0;
        }
        entries.cleanUp();
        return entries.estimatedSize();
    }
}
