package io.profilestream.profileupdater.profile;

import io.profilestream.model.erasure.ErasureCommand;
import io.profilestream.model.erasure.ErasureMarkers;
import io.profilestream.model.erasure.ErasureStatus;
import io.profilestream.model.streams.MissingFieldException;
import io.profilestream.model.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases one user on an {@link ErasureCommand} (right to erasure): deletes the profile, the
 * user's data key and their {@link ProfileTopology#ACTIVITY_STORE activity} entry, remembers the
 * erasure in {@link ProfileTopology#ERASED_STORE} so the user's events still in flight do not
 * rebuild the profile ({@link ApplyEventProcessor} drops them), forwards tombstones to the
 * profiles and user keys topics and confirms on the erasure status topic.
 *
 * <p>Crypto-shredding: profiles are only ever stored and published sealed with the user's data
 * key. Destroying that key (store delete, changelog tombstone, user keys topic tombstone) makes
 * every copy sealed under it unreadable at once: profile records that compaction has not removed
 * yet from the profiles topic or the changelog, copies in consumers' stores, and backups. The
 * erasure therefore does not depend on when compaction runs.
 *
 * <p>Key rotation: the user's events held until their profile is handed over
 * ({@link ProfileTopology#AWAITING_HANDOVER_STORE}) are deleted with the rest, so is the key they
 * are sealed under ({@link ProfileTopology#HOLDING_KEYS_STORE}: its tombstone shreds any older copy
 * of them in the awaiting-handover changelog), and so is the mark
 * that a handover happened ({@link ProfileTopology#HANDED_OVER_STORE}); the user's events after the
 * erasure are not held again, their erasure marker says there is no past to wait for.
 *
 * <p>A withdrawal of consent in {@link ProfileTopology#CONSENT_STORE} is kept: erasure removes the
 * past, objection governs the future, and forgetting the objection would profile the user's next
 * event again against their stated will. The entry holds only the pseudonym and a time.
 *
 * <p>Deleting from the stores also writes tombstones to their changelogs, so compaction removes
 * the user from those too (the user keys changelog is compacted eagerly, see
 * {@link ProfileTopology#USER_KEYS_CHANGELOG_CONFIG}).
 *
 * <p>A command without a user key (neither record key nor {@code userKey}) cannot name anyone to
 * erase; the privacy filter never writes one, so it is diverted to the dead-letter topic by a
 * {@link MissingFieldException} ({@code MISSING_FIELD}) rather than
 * stopping the service or vanishing. One without a value is logged with its offset and skipped.
 */
public final class EraseProfileProcessor implements Processor<String, ErasureCommand, String, Object> {

    /** Node name in the topology. */
    public static final String NAME = "erase-profile";
    /** How often expired erasure markers are purged (wall-clock time). */
    public static final Duration PURGE_INTERVAL = Duration.ofHours(1);
    /**
     * How long an erasure marker is kept: the clean topic's retention. Only events still on the
     * clean topic can reach this service late (a restart or a lagging partition replays them);
     * older ones are gone from the topic, and the privacy filter refuses the user's events
     * stamped before the erasure itself, so nothing older can arrive and the marker (itself a
     * record that the user existed) has no further use.
     */
    public static final Duration MARKER_TTL = Duration.ofMillis(Topics.CLEAN_EVENTS.retentionMs());

    private static final Logger LOG = LoggerFactory.getLogger(EraseProfileProcessor.class);

    private final Clock clock;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, byte[]> profiles;
    private KeyValueStore<String, byte[]> keys;
    private KeyValueStore<String, ProfileActivity> activity;
    private KeyValueStore<String, Long> withdrawn;
    private KeyValueStore<String, Long> erased;
    private KeyValueStore<String, Long> handedOver;
    private KeyValueStore<String, byte[]> awaiting;
    private KeyValueStore<String, byte[]> holdingKeys;

    /** @param clock stamps {@link ErasureStatus#updatedAt()} of the confirmations */
    public EraseProfileProcessor(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.profiles = context.getStateStore(ProfileTopology.PROFILE_STORE);
        this.keys = context.getStateStore(ProfileTopology.USER_KEYS_STORE);
        this.activity = context.getStateStore(ProfileTopology.ACTIVITY_STORE);
        this.withdrawn = context.getStateStore(ProfileTopology.CONSENT_STORE);
        this.erased = context.getStateStore(ProfileTopology.ERASED_STORE);
        this.handedOver = context.getStateStore(ProfileTopology.HANDED_OVER_STORE);
        this.awaiting = context.getStateStore(ProfileTopology.AWAITING_HANDOVER_STORE);
        this.holdingKeys = context.getStateStore(ProfileTopology.HOLDING_KEYS_STORE);
        // Wall-clock: markers must expire even while no records arrive to move stream time.
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::purgeExpiredMarkers);
    }

    @Override
    public void process(Record<String, ErasureCommand> record) {
        ErasureCommand command = ErasureCommand.resolve(record.key(), record.value(), record.timestamp());
        if (record.value() == null) {
            LOG.warn("Skipping erasure command without value at {}", ProfileUpdate.offset(context));
            return;
        }
        if (command == null) {
            throw new MissingFieldException("userKey");
        }
        String userKey = command.userKey();
        boolean hadProfile = profiles.delete(userKey) != null;
        boolean hadKey = keys.delete(userKey) != null;
        // Always, like the others: the changelog's latest record for the user must be a tombstone.
        activity.delete(userKey);
        boolean objected = withdrawn.get(userKey) != null;
        // Deleted unopened: no cipher needed, and an unreadable held value cannot block an erasure.
        boolean hadHeldEvents = HandoverBuffer.discard(awaiting, holdingKeys, userKey);
        handedOver.delete(userKey);
        long requestedAt = command.requestedAt().toEpochMilli();
        new ErasureMarkers(erased).mark(userKey, requestedAt);

        // Always, even without stored state: a consumer may still hold an older copy. Profile first,
        // key second, as on consent withdrawal.
        context.forward(record.withKey(userKey).withValue((Object) null), ProfileTopology.SINK);
        context.forward(record.withKey(userKey).withValue((Object) null), ProfileTopology.USER_KEYS_SINK);
        ErasureStatus status = ErasureStatus.completed(command, ErasureStatus.PROFILE_UPDATER, clock.instant(),
                detail(hadProfile, hadKey, objected) + (hadHeldEvents ? HELD_EVENTS_DELETED : ""));
        context.forward(record.withKey(ErasureStatus.key(userKey, ErasureStatus.PROFILE_UPDATER))
                .withValue((Object) status), ProfileTopology.ERASURE_STATUS_SINK);
    }

    /** Appended to the confirmation's detail when events awaiting a key-rotation handover were deleted. */
    static final String HELD_EVENTS_DELETED = "; events held for a key-rotation handover deleted";

    /** What was removed, for the privacy officer's record. */
    static String detail(boolean hadProfile, boolean hadKey, boolean objected) {
        return (hadProfile ? "profile deleted (tombstone on profiles topic and changelog)"
                : "no profile held (tombstone on profiles topic anyway)")
                + (hadKey ? "; data key destroyed (crypto-shredding)"
                : "; no data key held (tombstone on user keys topic anyway)")
                + (objected ? "; objection to profiling kept" : "");
    }

    /** Deletes the markers older than {@link #MARKER_TTL} at wall-clock time {@code now} (epoch ms). */
    void purgeExpiredMarkers(long now) {
        int purged = new ErasureMarkers(erased).purgeOlderThan(now - MARKER_TTL.toMillis());
        if (purged > 0) {
            LOG.info("Purged {} erasure marker(s) older than {}", purged, MARKER_TTL);
        }
    }
}
