package io.profilestream.profileupdater.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage limitation (GDPR art. 5(1)(e)): the wall-clock sweep, run by {@link ApplyEventProcessor}
 * for its task every {@link ProfileSettings#expirySweepInterval()}, that deletes the profiles the
 * service must no longer keep, found through {@link ProfileTopology#ACTIVITY_STORE} without opening
 * any profile:
 * <ul>
 *   <li><b>inactive users</b>: the latest event is older than {@link ProfileSettings#retention()}
 *       before the sweep's wall-clock time;</li>
 *   <li><b>users under a retired key</b>: the latest event came under a pseudonymisation key id
 *       listed in {@link ProfileSettings#retiredKeyIds()}. After a key rotation, users who return
 *       are handed over to their new pseudonym ({@link HandOverProcessor}); the others would stay
 *       under the old one for good, since nothing can recognise them any more.</li>
 * </ul>
 *
 * <p>Deleting a user is what an erasure does to the profile (see {@link EraseProfileProcessor}):
 * the profile and the data key are deleted from their stores and tombstoned on the profiles and
 * user keys topics (profile first, key second), so every copy sealed under the key no longer opens
 * (crypto-shredding); the activity entry is deleted too. A withdrawal of consent
 * ({@link ProfileTopology#CONSENT_STORE}) is kept: an objection outlives the profile. A user who
 * shops again later simply starts a new profile under a new data key.
 *
 * <p>"Now" is the punctuation's timestamp, Kafka Streams' wall clock, as for the other purges of
 * this topology (erasure markers, handed-over marks); the activity times are event times, which
 * the privacy filter keeps within its clock skew of ingest's receive time.
 *
 * <p>Expiries are counted per task in the Kafka Streams metrics {@code expired-inactive-profiles-total}
 * and {@code expired-retired-key-profiles-total} (group {@code stream-profile-updater-metrics}); a
 * user under a retired key is counted there even if also inactive. Every sweep logs one INFO line
 * with the counts and never a pseudonym.
 */
public final class ExpireProfilesPunctuator implements Punctuator {

    private static final Logger LOG = LoggerFactory.getLogger(ExpireProfilesPunctuator.class);

    private final ProcessorContext<String, byte[]> context;
    private final Duration retention;
    private final Set<String> retiredKeyIds;
    private final KeyValueStore<String, byte[]> profiles;
    private final KeyValueStore<String, byte[]> keys;
    private final KeyValueStore<String, ProfileActivity> activity;
    private final Sensor expiredInactive;
    private final Sensor expiredRetiredKey;

    /**
     * Binds to the stores, sinks and metrics of the owning processor's task; call from its {@code init}.
     *
     * @param context       the owning processor's context, with access to {@link ProfileTopology#PROFILE_STORE},
     *                      {@link ProfileTopology#USER_KEYS_STORE} and {@link ProfileTopology#ACTIVITY_STORE}
     *                      and the {@link ProfileTopology#SINK} and {@link ProfileTopology#USER_KEYS_SINK} children
     * @param retention     how long after the latest event a profile is kept; positive
     * @param retiredKeyIds key ids whose users are deleted whatever their activity
     */
    public ExpireProfilesPunctuator(ProcessorContext<String, byte[]> context, Duration retention, Set<String> retiredKeyIds) {
        this.context = Objects.requireNonNull(context, "context");
        this.retention = Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive: " + retention);
        }
        this.retiredKeyIds = Set.copyOf(Objects.requireNonNull(retiredKeyIds, "retiredKeyIds"));
        this.profiles = context.getStateStore(ProfileTopology.PROFILE_STORE);
        this.keys = context.getStateStore(ProfileTopology.USER_KEYS_STORE);
        this.activity = context.getStateStore(ProfileTopology.ACTIVITY_STORE);
        String task = context.taskId().toString();
        this.expiredInactive = context.metrics().addRateTotalSensor("profile-updater", task,
                "expired-inactive-profiles", Sensor.RecordingLevel.INFO);
        this.expiredRetiredKey = context.metrics().addRateTotalSensor("profile-updater", task,
                "expired-retired-key-profiles", Sensor.RecordingLevel.INFO);
    }

    /**
     * Schedules the sweep for the owning processor's task on wall-clock time (it must run while no
     * events arrive: inactivity is exactly that) every {@link ProfileSettings#expirySweepInterval()}.
     *
     * @return the handle of the schedule
     */
    public static Cancellable schedule(ProcessorContext<String, byte[]> context, ProfileSettings settings) {
        ExpireProfilesPunctuator sweep = new ExpireProfilesPunctuator(context, settings.retention(), settings.retiredKeyIds());
        return context.schedule(settings.expirySweepInterval(), PunctuationType.WALL_CLOCK_TIME, sweep);
    }

    /**
     * What one sweep did.
     *
     * @param inactive   users deleted for inactivity
     * @param retiredKey users deleted because their latest event came under a retired key id
     * @param kept       users kept
     */
    public record Sweep(int inactive, int retiredKey, int kept) {
    }

    @Override
    public void punctuate(long timestamp) {
        sweep(timestamp);
    }

    /**
     * Deletes the expired users of this task at wall-clock time {@code now} (epoch ms).
     *
     * @return the counts, as logged
     */
    public Sweep sweep(long now) {
        long cutoff = now - retention.toMillis();
        List<String> inactive = new ArrayList<>();
        List<String> retired = new ArrayList<>();
        int kept = 0;
        // Collected first, deleted after: no writes while the RocksDB iterator is open.
        try (KeyValueIterator<String, ProfileActivity> all = activity.all()) {
            while (all.hasNext()) {
                KeyValue<String, ProfileActivity> entry = all.next();
                if (entry.value.keyId() != null && retiredKeyIds.contains(entry.value.keyId())) {
                    retired.add(entry.key);
                } else if (entry.value.lastEventBefore(cutoff)) {
                    inactive.add(entry.key);
                } else {
                    kept++;
                }
            }
        }
        for (String userKey : inactive) {
            expire(userKey, now);
            expiredInactive.record();
        }
        for (String userKey : retired) {
            expire(userKey, now);
            expiredRetiredKey.record();
        }
        Sweep sweep = new Sweep(inactive.size(), retired.size(), kept);
        LOG.info("Profile expiry sweep of task {}: {} profile(s) deleted after {} without events, "
                        + "{} under retired key id(s) {}, {} kept", context.taskId(), sweep.inactive(), retention, sweep.retiredKey(), retiredKeyIds, sweep.kept());
        return sweep;
    }

    private void expire(String userKey, long now) {
        profiles.delete(userKey);
        keys.delete(userKey);
        activity.delete(userKey);
        // Profile first, key second, as on erasure: in our output a profile never outlives its key.
        context.forward(new Record<>(userKey, (byte[]) null, now), ProfileTopology.SINK);
        context.forward(new Record<>(userKey, (byte[]) null, now), ProfileTopology.USER_KEYS_SINK);
    }
}
