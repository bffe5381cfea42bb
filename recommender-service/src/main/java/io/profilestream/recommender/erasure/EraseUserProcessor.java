package io.profilestream.recommender.erasure;

import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.erasure.ErasureCommand;
import io.profilestream.model.erasure.ErasureMarkers;
import io.profilestream.model.erasure.ErasureStatus;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.streams.MissingFieldException;
import io.profilestream.model.topic.Topics;
import io.profilestream.recommender.RecommenderTopology;
import io.profilestream.recommender.cache.RankedListCache;
import io.profilestream.recommender.crypto.Opened;
import io.profilestream.recommender.demand.ContributionCapProcessor;
import io.profilestream.recommender.demand.DemandTopology;
import io.profilestream.recommender.impressions.ShownItems;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases one user from the recommender on an {@link ErasureCommand} (right to erasure) and
 * confirms on the erasure status topic once nothing of theirs can be served any more.
 *
 * <p>On a command: the user's {@link ShownItems} are deleted from
 * {@value RecommenderTopology#IMPRESSIONS_STORE}, their per-hour demand contributions from
 * {@value DemandTopology#CAP_STORE} (pseudonymous counts the demand cap keeps for an hour plus the
 * grace; deleted, not left to expire, so no changelog keeps them), and a marker (the erasure's {@code requestedAt})
 * is put into {@value RecommenderTopology#ERASED_STORE}, so impressions still in flight are dropped
 * by the fold. The profile copy in {@value RecommenderTopology#PROFILES_STORE} is not ours to
 * delete: it is the profiles topic's table, emptied by the tombstone the profile-updater writes
 * there. It is sealed with the user's data key from {@value RecommenderTopology#USER_KEYS_STORE},
 * which the profile-updater destroys (tombstones) on erasure too: a copy whose key is gone, or
 * that no longer opens with the current key, can never be served again and counts as gone,
 * whether or not the profile tombstone has arrived. (A profile without a key is not a new user's
 * whose key is still in flight: the profile-updater publishes the key before the first profile,
 * and this task reads both topics in timestamp order.) Tombstones travel on other topics, so they
 * may arrive before or after the command:
 * <ul>
 *   <li>no profile (or only a fresh one, see below) or an unreadable one: confirmed at once;</li>
 *   <li>otherwise the command waits in {@value RecommenderTopology#ERASURES_PENDING_STORE} and a
 *       wall-clock punctuation (every {@link #CONFIRM_INTERVAL}) confirms it once the profile is
 *       gone or its key destroyed, deleting the impressions once more: lists served from the old
 *       profile copy while it was still there are derived from the erased data too.</li>
 * </ul>
 * A profile whose first event is after the erasure is a fresh one built from the user's later
 * events (the profile-updater drops everything older), so it counts as gone: an active user must
 * not hold their own erasure pending forever.
 *
 * <p>The user's cached model ranking ({@link RankedListCache}) is invalidated on the command and
 * again on the confirmation, like the impressions: a request answered from the old profile copy
 * in between may have cached it again.
 *
 * <p>A command without a user key (neither record key nor {@code userKey}) cannot name anyone; the
 * privacy filter never writes one, so it is diverted to the dead-letter topic by a
 * {@link MissingFieldException} ({@code MISSING_FIELD}) rather than
 * stopping the service or vanishing. One without a value is logged with its offset and skipped.
 */
public final class EraseUserProcessor implements Processor<String, ErasureCommand, String, ErasureStatus> {

    /** Node name in the topology. */
    public static final String NAME = "erase-user";
    /** How often pending erasures are checked for a tombstoned profile (wall-clock time). */
    public static final Duration CONFIRM_INTERVAL = Duration.ofSeconds(1);
    /** How often expired erasure markers are purged (wall-clock time). */
    public static final Duration PURGE_INTERVAL = Duration.ofHours(1);
    /**
     * How long an erasure marker is kept: the impressions topic's retention. Only impressions still
     * on that topic can reach the fold late (a restart or a lagging partition replays them); older
     * ones are deleted by the broker, so the marker (itself a trace of the user) has no further use.
     */
    public static final Duration MARKER_TTL = Duration.ofMillis(Topics.IMPRESSIONS.retentionMs());
    /** Detail of a confirmation given at once, when no profile copy was held. */
    public static final String DETAIL_NO_PROFILE = "impressions deleted; no profile copy held";
    /** Detail of a confirmation given after the profile-updater's tombstone reached the profiles table. */
    public static final String DETAIL_TOMBSTONED = "impressions deleted; profile copy gone (tombstone applied)";
    /** Detail of a confirmation given because the profile copy's data key was destroyed (crypto-shredded). */
    public static final String DETAIL_KEY_DESTROYED = "impressions deleted; profile copy unreadable (data key destroyed)";

    private static final Logger LOG = LoggerFactory.getLogger(EraseUserProcessor.class);

    /** What is left of a user's profile copy, as far as erasure is concerned. */
    private enum Copy {
        /** Readable, and built (at least partly) from events up to the erasure. */
        HELD,
        /** None, or a fresh one built only from later events. */
        GONE,
        /** Still stored, but its key is destroyed or it no longer opens: crypto-shredded. */
        SHREDDED
    }

    private final Clock clock;
    private final UserDataCipher cipher;
    private final RankedListCache rankings;
    private ProcessorContext<String, ErasureStatus> context;
    private KeyValueStore<String, byte[]> impressions;
    private TimestampedKeyValueStore<String, byte[]> profiles;
    private TimestampedKeyValueStore<String, byte[]> keys;
    private KeyValueStore<String, Long> erased;
    private KeyValueStore<String, ErasureCommand> pending;
    private WindowStore<String, Integer> contributions;

    /**
     * @param clock  stamps {@link ErasureStatus#updatedAt()} of the confirmations
     * @param cipher opens profile copies, to tell a fresh profile from the erased one
     */
    public EraseUserProcessor(Clock clock, UserDataCipher cipher) {
        this(clock, cipher, RankedListCache.disabled());
    }

    /**
     * @param clock    stamps {@link ErasureStatus#updatedAt()} of the confirmations
     * @param cipher   opens profile copies, to tell a fresh profile from the erased one
     * @param rankings the request path's cached rankings, invalidated for the erased user
     */
    public EraseUserProcessor(Clock clock, UserDataCipher cipher, RankedListCache rankings) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.rankings = Objects.requireNonNull(rankings, "rankings");
    }

    @Override
    public void init(ProcessorContext<String, ErasureStatus> context) {
        this.context = context;
        this.impressions = context.getStateStore(RecommenderTopology.IMPRESSIONS_STORE);
        // The KTable's store, read only: writing it would diverge from the profiles topic.
        this.profiles = context.getStateStore(RecommenderTopology.PROFILES_STORE);
        this.keys = context.getStateStore(RecommenderTopology.USER_KEYS_STORE);
        this.erased = context.getStateStore(RecommenderTopology.ERASED_STORE);
        this.pending = context.getStateStore(RecommenderTopology.ERASURES_PENDING_STORE);
        this.contributions = context.getStateStore(DemandTopology.CAP_STORE);
        // Wall-clock: the tombstone arrives on another topic, and stream time of this task may not
        // move at all while the user's partitions are quiet.
        context.schedule(CONFIRM_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::confirmTombstoned);
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::purgeExpiredMarkers);
    }

    @Override
    public void process(Record<String, ErasureCommand> record) {
        ErasureCommand command = ErasureCommand.resolve(record.key(), record.value(), record.timestamp());
        if (record.value() == null) {
            LOG.warn("Skipping erasure command without value at {}",
                    context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                            .orElse("unknown offset"));
            return;
        }
        if (command == null) {
            throw new MissingFieldException("userKey");
        }
        String userKey = command.userKey();
        impressions.delete(userKey);
        ContributionCapProcessor.forget(contributions, userKey);
        rankings.invalidate(userKey);
        long requestedAt = command.requestedAt().toEpochMilli();
        new ErasureMarkers(erased).mark(userKey, requestedAt);

        Copy copy = profileCopy(userKey, requestedAt);
        if (copy != Copy.HELD) {
            // Supersedes any earlier pending command: the status is one answer per user.
            pending.delete(userKey);
            String detail = copy == Copy.SHREDDED ? DETAIL_KEY_DESTROYED : DETAIL_NO_PROFILE;
            context.forward(record.withKey(statusKey(userKey)).withValue(
                    ErasureStatus.completed(command, ErasureStatus.RECOMMENDER, clock.instant(), detail)));
        } else {
            ErasureCommand waiting = pending.get(userKey);
            if (waiting == null || !waiting.requestedAt().isAfter(command.requestedAt())) {
                pending.put(userKey, command);
            }
        }
    }

    /**
     * Confirms every pending erasure whose profile copy is gone or shredded, at wall-clock
     * {@code now} (epoch ms).
     */
    void confirmTombstoned(long now) {
        List<KeyValue<String, ErasureStatus>> done = new ArrayList<>();
        // Collected first: deleting while a RocksDB iterator is open is not guaranteed to be seen consistently.
        try (KeyValueIterator<String, ErasureCommand> all = pending.all()) {
            while (all.hasNext()) {
                KeyValue<String, ErasureCommand> entry = all.next();
                Copy copy = profileCopy(entry.key, entry.value.requestedAt().toEpochMilli());
                if (copy != Copy.HELD) {
                    done.add(KeyValue.pair(entry.key, ErasureStatus.completed(entry.value, ErasureStatus.RECOMMENDER,
                            clock.instant(), copy == Copy.SHREDDED ? DETAIL_KEY_DESTROYED : DETAIL_TOMBSTONED)));
                }
            }
        }
        for (KeyValue<String, ErasureStatus> entry : done) {
            impressions.delete(entry.key);
            ContributionCapProcessor.forget(contributions, entry.key);
            rankings.invalidate(entry.key);
            pending.delete(entry.key);
            context.forward(new Record<>(statusKey(entry.key), entry.value, now));
        }
    }

    /** Deletes the markers older than {@link #MARKER_TTL} at wall-clock {@code now} (epoch ms). */
    void purgeExpiredMarkers(long now) {
        int purged = new ErasureMarkers(erased).purgeOlderThan(now - MARKER_TTL.toMillis());
        if (purged > 0) {
            LOG.info("Purged {} erasure marker(s) older than {}", purged, MARKER_TTL);
        }
    }

    /**
     * The state of the user's profile copy for an erasure requested at {@code requestedAt}: gone
     * also when only a profile built entirely from later events is held (see the class comment).
     */
    private Copy profileCopy(String userKey, long requestedAt) {
        Opened<UserProfile> copy = Opened.open(cipher, userKey, value(keys.get(userKey)), value(profiles.get(userKey)),
                UserProfile.class);
        return switch (copy.outcome()) {
            case ABSENT -> Copy.GONE;
            case NO_KEY, UNDECRYPTABLE -> Copy.SHREDDED;
            case OPENED -> {
                Instant first = copy.value().firstEventTime();
                yield first != null && first.toEpochMilli() > requestedAt ? Copy.GONE : Copy.HELD;
            }
        };
    }

    private static byte[] value(ValueAndTimestamp<byte[]> stored) {
        return stored == null ? null : stored.value();
    }

    private static String statusKey(String userKey) {
        return ErasureStatus.key(userKey, ErasureStatus.RECOMMENDER);
    }
}
