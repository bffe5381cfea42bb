package io.profilestream.profileupdater.profile;

import io.profilestream.model.crypto.UndecryptableException;
import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.erasure.ErasureMarkers;
import io.profilestream.model.streams.MissingFieldException;
import io.profilestream.model.streams.PipelineLatency;
import io.profilestream.model.streams.TimestampStores;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.profile.ProfileHandover;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.profileupdater.neural.NeuralStep;
import io.profilestream.profileupdater.text.TextSignalStep;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes in a profile handed over by {@link HandOverProcessor} after a key rotation, at the task of
 * the user's NEW pseudonym, then applies the user's events held back for it
 * ({@link ProfileTopology#AWAITING_HANDOVER_STORE}, opened with their holding key from
 * {@link ProfileTopology#HOLDING_KEYS_STORE}, then both deleted) in arrival order through
 * {@link ProfileUpdate}, the same logic {@link ApplyEventProcessor} runs, so the old profile is continued.
 *
 * <p>The handed-over profile is stored as it came: it is already sealed under a data key made for
 * the new pseudonym. The key is stored and forwarded to the user keys topic before the profile, as
 * for a new user, and the user's {@link ProfileActivity} is recorded under the new pseudonym: the
 * profile's latest event time and the new key id from {@link HandOverProcessor#NEW_KEY_ID_HEADER}
 * (null when absent; the held events then record it). It is adopted only when the new pseudonym
 * has no profile yet; otherwise (the user stopped waiting, see {@link HandoverBuffer}) it is
 * discarded, with a WARN. A handover sent
 * before an erasure of the new pseudonym belongs to the erased past and is not adopted. A consent
 * withdrawal carried in {@link HandOverProcessor#CONSENT_WITHDRAWN_HEADER} is recorded under the
 * new pseudonym unless one is already there.
 *
 * <p>Every handover, empty or not, marks the new pseudonym in {@link ProfileTopology#HANDED_OVER_STORE}
 * (pseudonym to wall-clock epoch ms), so the user's later events apply directly and a duplicate
 * handover is ignored. Marks are purged after {@link #HANDED_OVER_TTL}.
 *
 * <p>A handover naming no user (neither record key nor {@code newUserKey}) is diverted to the
 * dead-letter topic by a {@link MissingFieldException} ({@code MISSING_FIELD}); one without a
 * value is logged and skipped.
 */
public final class AdoptProfileProcessor implements Processor<String, ProfileHandover, String, byte[]> {

    /** Node name in the topology. */
    public static final String NAME = "adopt-profile";
    /** How often expired handed-over marks are purged (wall-clock time). */
    public static final Duration PURGE_INTERVAL = Duration.ofHours(1);
    /**
     * How long a handed-over mark is kept. It is needed only while the filter still marks the
     * user's events with {@link CleanEvent#previousUserKey()}, i.e. during the rotation's grace
     * period; after that the user's events never wait and the mark (itself a record that the user
     * existed) is of no use. 400 days outlasts any grace period of a yearly rotation with margin,
     * and bounds the store to the users active within that time.
     */
    public static final Duration HANDED_OVER_TTL = Duration.ofDays(400);

    private static final Logger LOG = LoggerFactory.getLogger(AdoptProfileProcessor.class);

    private final UserDataCipher cipher;
    private final ProfileUpdate update;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> profiles;
    private KeyValueStore<String, byte[]> keys;
    private KeyValueStore<String, ProfileActivity> activity;
    private KeyValueStore<String, Long> withdrawn;
    private KeyValueStore<String, Long> erased;
    private KeyValueStore<String, Long> handedOver;
    private HandoverBuffer awaiting;

    /**
     * @param folder     the explicit profile logic, for the held events
     * @param neuralStep the LSTM step, or {@link NeuralStep#disabled()}
     * @param cipher     checks the handed-over profile opens; opens the held events and seals their profiles
     */
    public AdoptProfileProcessor(ProfileFolder folder, NeuralStep neuralStep, UserDataCipher cipher) {
        this(folder, neuralStep, cipher, PipelineLatency.detached(ProfileTopology.LATENCY_STAGE));
    }

    /**
     * @param folder     the explicit profile logic, for the held events
     * @param neuralStep the LSTM step, or {@link NeuralStep#disabled()}
     * @param cipher     checks the handed-over profile opens; opens the held events and seals their profiles
     * @param latency    records the latency of each held event once its profile is written
     */
    public AdoptProfileProcessor(ProfileFolder folder, NeuralStep neuralStep, UserDataCipher cipher,
                                 PipelineLatency latency) {
        this(folder, neuralStep, TextSignalStep.disabled(), cipher, latency);
    }

    /**
     * @param folder     the explicit profile logic, for the held events
     * @param neuralStep the LSTM step, or {@link NeuralStep#disabled()}
     * @param textStep   the text-signals step, or {@link TextSignalStep#disabled()}
     * @param cipher     checks the handed-over profile opens; opens the held events and seals their profiles
     * @param latency    records the latency of each held event once its profile is written
     */
    public AdoptProfileProcessor(ProfileFolder folder, NeuralStep neuralStep, TextSignalStep textStep,
                                 UserDataCipher cipher, PipelineLatency latency) {
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        // No opened cache: handovers are rare (key rotations), and the events after one go through
        // ApplyEventProcessor, whose cache then misses once on the adopted profile.
        this.update = new ProfileUpdate(folder, neuralStep, textStep, cipher, latency, ProfileSettings.OpenedCache.off());
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.profiles = context.getStateStore(ProfileTopology.PROFILE_STORE);
        this.keys = context.getStateStore(ProfileTopology.USER_KEYS_STORE);
        this.activity = context.getStateStore(ProfileTopology.ACTIVITY_STORE);
        this.withdrawn = context.getStateStore(ProfileTopology.CONSENT_STORE);
        this.erased = context.getStateStore(ProfileTopology.ERASED_STORE);
        this.handedOver = context.getStateStore(ProfileTopology.HANDED_OVER_STORE);
        this.awaiting = HandoverBuffer.of(context, cipher);
        update.init(context);
        // Wall-clock: marks must expire even while no records arrive to move stream time.
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::purgeExpiredMarks);
    }

    @Override
    public void process(Record<String, ProfileHandover> record) {
        ProfileHandover handover = record.value();
        String newKey = record.key() != null ? record.key() : handover == null ? null : handover.newUserKey();
        if (handover == null) {
            LOG.warn("Skipping handover without value at {}", ProfileUpdate.offset(context));
            return;
        }
        if (newKey == null) {
            // Never written by the profile-updater itself: dead-lettered, not skipped.
            throw new MissingFieldException("newUserKey");
        }
        if (handedOver.get(newKey) != null) {
            if (handover.carriesProfile()) {
                LOG.warn("Discarding a profile handed over at {}: its user no longer waits for one", ProfileUpdate.offset(context));
            }
            return;
        }
        long sentAt = handover.handedOverAt() == null ? record.timestamp() : handover.handedOverAt().toEpochMilli();
        if (!new ErasureMarkers(erased).covers(newKey, record.timestamp(), sentAt)) {
            adopt(newKey, handover, record, sentAt);
        }
        handedOver.put(newKey, context.currentSystemTimeMs());
        awaiting.release(newKey).forEach(update::apply);
    }

    private void adopt(String newKey, ProfileHandover handover, Record<String, ProfileHandover> record, long sentAt) {
        Header objection = record.headers().lastHeader(HandOverProcessor.CONSENT_WITHDRAWN_HEADER);
        if (objection != null && objection.value() != null && objection.value().length == Long.BYTES) {
            if (withdrawn.get(newKey) == null) {
                withdrawn.put(newKey, ByteBuffer.wrap(objection.value()).getLong());
            }
            // The old task never hands over the profile of a user who objected.
            return;
        }
        if (!handover.carriesProfile()) {
            return;
        }
        if (withdrawn.get(newKey) != null) {
            // The user objected under the new pseudonym before the handover arrived: their old
            // profile must not come back with it.
            return;
        }
        if (profiles.get(newKey) != null) {
            LOG.warn("Discarding a profile handed over at {}: its user already has a profile under the new key",
                    ProfileUpdate.offset(context));
            return;
        }
        // Not caught: a key the master key cannot unwrap is a misconfiguration (see ApplyEventProcessor).
        UserDataCipher.DataKey dataKey = cipher.unwrapKey(newKey, handover.wrappedKey());
        UserProfile profile;
        try {
            profile = cipher.openJson(dataKey, handover.sealedProfile(), UserProfile.class);
            if (!newKey.equals(profile.userKey())) {
                throw new UndecryptableException("handed-over profile belongs to another user key");
            }
        } catch (UndecryptableException e) {
            LOG.warn("Discarding a profile handed over at {} that cannot be opened ({}); the user starts afresh",
                    ProfileUpdate.offset(context), e.getMessage());
            return;
        }
        keys.put(newKey, handover.wrappedKey());
        profiles.put(newKey, handover.sealedProfile());
        activity.put(newKey, new ProfileActivity(lastActiveAt(profile, sentAt), newKeyId(record)));
        // Key before profile, same transaction: a reader of the profile can always find its key.
        context.forward(new Record<>(newKey, handover.wrappedKey(), record.timestamp()), ProfileTopology.USER_KEYS_SINK);
        context.forward(new Record<>(newKey, handover.sealedProfile(), record.timestamp()), ProfileTopology.SINK);
    }

    /** The profile's latest event time; the handover's time for a profile without one (never written so). */
    private static long lastActiveAt(UserProfile profile, long sentAt) {
        return profile.lastEventTime() != null ? profile.lastEventTime().toEpochMilli() : sentAt;
    }

    /** The new key id the old task put on the handover, or null. */
    private static String newKeyId(Record<String, ProfileHandover> record) {
        Header header = record.headers().lastHeader(HandOverProcessor.NEW_KEY_ID_HEADER);
        return header == null || header.value() == null || header.value().length == 0 ? null
                : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Deletes the handed-over marks older than {@link #HANDED_OVER_TTL} at wall-clock time {@code now} (epoch ms). */
    void purgeExpiredMarks(long now) {
        int purged = TimestampStores.purgeOlderThan(handedOver, now - HANDED_OVER_TTL.toMillis());
        if (purged > 0) {
            LOG.info("Purged {} handed-over mark(s) older than {}", purged, HANDED_OVER_TTL);
        }
    }
}
