package io.profilestream.recommender.erasure;

import io.profilestream.model.erasure.ErasureCommand;
import io.profilestream.model.erasure.ErasureStatus;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.topic.Topics;
import io.profilestream.recommender.RecommenderTopology;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases one user from the recommender on an {@link ErasureCommand} (right to erasure) and
 * confirms on the erasure status topic once nothing of theirs can be served any more.
 *
 * <p>On a command: the user's {@link ShownItems} are deleted from
 * {@value RecommenderTopology#IMPRESSIONS_STORE} and a marker (the erasure's {@code requestedAt})
 * is put into {@value RecommenderTopology#ERASED_STORE}, so impressions still in flight are dropped
 * by the fold. The profile copy in {@value RecommenderTopology#PROFILES_STORE} is not ours to
 * delete: it is the profiles topic's table, emptied by the tombstone the profile-updater writes
 * there. That tombstone travels on another topic, so it may arrive before or after the command:
 * <ul>
 *   <li>no profile (or only a fresh one, see below): confirmed at once;</li>
 *   <li>otherwise the command waits in {@value RecommenderTopology#ERASURES_PENDING_STORE} and a
 *       wall-clock punctuation (every {@link #CONFIRM_INTERVAL}) confirms it once the profile is
 *       gone, deleting the impressions once more: lists served from the old profile copy while it
 *       was still there are derived from the erased data too.</li>
 * </ul>
 * A profile whose first event is after the erasure is a fresh one built from the user's later
 * events (the profile-updater drops everything older), so it counts as gone: an active user must
 * not hold their own erasure pending forever.
 *
 * <p>A command without a value or a user key cannot name anyone: it is logged with its offset and
 * skipped rather than stopping the service (the privacy filter never writes one).
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

    private static final Logger LOG = LoggerFactory.getLogger(EraseUserProcessor.class);

    private final Clock clock;
    private ProcessorContext<String, ErasureStatus> context;
    private KeyValueStore<String, ShownItems> impressions;
    private TimestampedKeyValueStore<String, UserProfile> profiles;
    private KeyValueStore<String, Long> erased;
    private KeyValueStore<String, ErasureCommand> pending;

    /** @param clock stamps {@link ErasureStatus#updatedAt()} of the confirmations */
    public EraseUserProcessor(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void init(ProcessorContext<String, ErasureStatus> context) {
        this.context = context;
        this.impressions = context.getStateStore(RecommenderTopology.IMPRESSIONS_STORE);
        // The KTable's store, read only: writing it would diverge from the profiles topic.
        this.profiles = context.getStateStore(RecommenderTopology.PROFILES_STORE);
        this.erased = context.getStateStore(RecommenderTopology.ERASED_STORE);
        this.pending = context.getStateStore(RecommenderTopology.ERASURES_PENDING_STORE);
        // Wall-clock: the tombstone arrives on another topic, and stream time of this task may not
        // move at all while the user's partitions are quiet.
        context.schedule(CONFIRM_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::confirmTombstoned);
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::purgeExpiredMarkers);
    }

    @Override
    public void process(Record<String, ErasureCommand> record) {
        ErasureCommand command = record.value();
        // The topic key decides the partition, and so which task holds the user's state.
        String userKey = record.key() != null ? record.key() : command == null ? null : command.userKey();
        if (command == null || userKey == null) {
            LOG.warn("Skipping erasure command without {} at {}", command == null ? "value" : "user key",
                    context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                            .orElse("unknown offset"));
            return;
        }
        if (command.requestedAt() == null) {
            // The filter stamps the record with requestedAt, so the record time is the same instant.
            command = new ErasureCommand(command.requestId(), userKey, command.keyId(),
                    Instant.ofEpochMilli(record.timestamp()));
        }
        impressions.delete(userKey);
        long requestedAt = command.requestedAt().toEpochMilli();
        Long previous = erased.get(userKey);
        // A replayed or reordered older command must not shorten the window of a later erasure.
        erased.put(userKey, previous == null ? requestedAt : Math.max(previous, requestedAt));

        if (profileGone(userKey, requestedAt)) {
            // Supersedes any earlier pending command: the status is one answer per user.
            pending.delete(userKey);
            context.forward(record.withKey(statusKey(userKey)).withValue(
                    ErasureStatus.completed(command, ErasureStatus.RECOMMENDER, clock.instant(), DETAIL_NO_PROFILE)));
        } else {
            ErasureCommand waiting = pending.get(userKey);
            if (waiting == null || !waiting.requestedAt().isAfter(command.requestedAt())) {
                pending.put(userKey, command);
            }
        }
    }

    /** Confirms every pending erasure whose profile copy is gone, at wall-clock {@code now} (epoch ms). */
    void confirmTombstoned(long now) {
        List<KeyValue<String, ErasureCommand>> done = new ArrayList<>();
        // Collected first: deleting while a RocksDB iterator is open is not guaranteed to be seen consistently.
        try (KeyValueIterator<String, ErasureCommand> all = pending.all()) {
            while (all.hasNext()) {
                KeyValue<String, ErasureCommand> entry = all.next();
                if (profileGone(entry.key, entry.value.requestedAt().toEpochMilli())) {
                    done.add(entry);
                }
            }
        }
        for (KeyValue<String, ErasureCommand> entry : done) {
            impressions.delete(entry.key);
            pending.delete(entry.key);
            context.forward(new Record<>(statusKey(entry.key),
                    ErasureStatus.completed(entry.value, ErasureStatus.RECOMMENDER, clock.instant(), DETAIL_TOMBSTONED),
                    now));
        }
    }

    /** Deletes the markers older than {@link #MARKER_TTL} at wall-clock {@code now} (epoch ms). */
    void purgeExpiredMarkers(long now) {
        long cutoff = now - MARKER_TTL.toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = erased.all()) {
            while (all.hasNext()) {
                KeyValue<String, Long> marker = all.next();
                if (marker.value < cutoff) {
                    expired.add(marker.key);
                }
            }
        }
        expired.forEach(erased::delete);
        if (!expired.isEmpty()) {
            LOG.info("Purged {} erasure marker(s) older than {}", expired.size(), MARKER_TTL);
        }
    }

    /** No profile copy, or only one built entirely from events after the erasure (see the class comment). */
    private boolean profileGone(String userKey, long requestedAt) {
        ValueAndTimestamp<UserProfile> copy = profiles.get(userKey);
        if (copy == null || copy.value() == null) {
            return true;
        }
        Instant first = copy.value().firstEventTime();
        return first != null && first.toEpochMilli() > requestedAt;
    }

    private static String statusKey(String userKey) {
        return ErasureStatus.key(userKey, ErasureStatus.RECOMMENDER);
    }
}
