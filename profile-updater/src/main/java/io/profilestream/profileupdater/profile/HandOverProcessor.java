package io.profilestream.profileupdater.profile;

import io.profilestream.model.crypto.UndecryptableException;
import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.event.Rekey;
import io.profilestream.model.profile.ProfileHandover;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.streams.MissingFieldException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a user's profile over to their new pseudonym after an HMAC key rotation, on the
 * privacy filter's {@link Rekey} (keyed by the OLD pseudonym, so it reaches the task holding the
 * old profile). The new pseudonym lives on another partition, so the profile travels as a
 * {@link ProfileHandover} on {@link io.profilestream.model.topic.Topics#HANDOVERS}, keyed by the
 * new pseudonym, where {@link AdoptProfileProcessor} takes it in.
 *
 * <p>The profile is copied with {@code userKey} set to the new pseudonym and sealed under a NEW
 * data key made for the new pseudonym: keys and values are bound to their pseudonym (associated
 * data), so the old key could neither unwrap nor open anything under the new one. The old profile
 * and the old data key are then deleted and tombstoned on the profiles and user keys topics,
 * destroying every copy sealed under the old key (crypto-shredding), exactly as an erasure does;
 * the old pseudonym's {@link ProfileTopology#ACTIVITY_STORE activity} entry is deleted with them.
 * The handover carries the new key id in the record header {@link #NEW_KEY_ID_HEADER} (UTF-8), so
 * the adopting task records the adopted profile under it for the storage limits.
 *
 * <p>When nothing is held under the old pseudonym (a user never profiled, or whose profile was
 * deleted) an empty handover is sent anyway: the new partition holds the user's events until a
 * handover arrives, and must learn that there is nothing to wait for.
 *
 * <p>A withdrawal of consent kept for the old pseudonym ({@link ProfileTopology#CONSENT_STORE})
 * moves along in the record header {@link #CONSENT_WITHDRAWN_HEADER} (the withdrawal's time,
 * 8-byte big-endian epoch ms) of the (then always empty) handover, so the objection holds under the
 * new pseudonym without being stated again. The old entry is kept too: an event still in flight
 * under the old pseudonym must not start a profile of a user who objected.
 *
 * <p>A stored profile that cannot be opened is logged and not handed over (the user starts afresh
 * under the new pseudonym); a data key the master key cannot unwrap is a misconfiguration and
 * fails, as in {@link ApplyEventProcessor}.
 *
 * <p>A rekey without its old or new pseudonym (record key and {@code oldUserKey}, or
 * {@code newUserKey}) is diverted to the dead-letter topic by a {@link MissingFieldException}
 * ({@code MISSING_FIELD}); one without a value, or to the same pseudonym, is logged and skipped.
 */
public final class HandOverProcessor implements Processor<String, Rekey, String, Object> {

    /** Node name in the topology. */
    public static final String NAME = "hand-over";
    /** Header of a handover whose user had withdrawn consent under the old pseudonym: epoch ms, 8 bytes. */
    public static final String CONSENT_WITHDRAWN_HEADER = "profilestream-consent-withdrawn-at";
    /** Header of every handover with the rekey's new key id (UTF-8), when it has one. */
    public static final String NEW_KEY_ID_HEADER = "profilestream-new-key-id";

    private static final Logger LOG = LoggerFactory.getLogger(HandOverProcessor.class);

    private final UserDataCipher cipher;
    private final Clock clock;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, byte[]> profiles;
    private KeyValueStore<String, byte[]> keys;
    private KeyValueStore<String, ProfileActivity> activity;
    private KeyValueStore<String, Long> withdrawn;

    /**
     * @param cipher opens the old profile, makes the new pseudonym's data key and seals the copy
     * @param clock  stamps {@link ProfileHandover#handedOverAt()}
     */
    public HandOverProcessor(UserDataCipher cipher, Clock clock) {
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.profiles = context.getStateStore(ProfileTopology.PROFILE_STORE);
        this.keys = context.getStateStore(ProfileTopology.USER_KEYS_STORE);
        this.activity = context.getStateStore(ProfileTopology.ACTIVITY_STORE);
        this.withdrawn = context.getStateStore(ProfileTopology.CONSENT_STORE);
    }

    @Override
    public void process(Record<String, Rekey> record) {
        Rekey rekey = record.value();
        // The topic key decides the partition, and so which task holds the old profile.
        String oldKey = record.key() != null ? record.key() : rekey == null ? null : rekey.oldUserKey();
        String newKey = rekey == null ? null : rekey.newUserKey();
        if (rekey == null) {
            LOG.warn("Skipping rekey without value at {}", ProfileUpdate.offset(context));
            return;
        }
        // Never written by the filter: a producer that bypassed it. Dead-lettered, not skipped.
        if (oldKey == null) {
            throw new MissingFieldException("oldUserKey");
        }
        if (newKey == null) {
            throw new MissingFieldException("newUserKey");
        }
        if (oldKey.equals(newKey)) {
            // Never written by the filter either; handing over to the same pseudonym would delete the
            // profile, and skipping it loses nothing: the profile simply stays where it is.
            LOG.warn("Skipping rekey to the same user key at {}", ProfileUpdate.offset(context));
            return;
        }
        byte[] wrappedKey = keys.get(oldKey);
        byte[] sealed = profiles.get(oldKey);
        Long objectedAt = withdrawn.get(oldKey);
        UserProfile profile = objectedAt == null ? open(oldKey, wrappedKey, sealed) : null;

        ProfileHandover handover;
        if (profile != null) {
            byte[] newWrappedKey = cipher.newWrappedKey(newKey);
            byte[] newSealed = cipher.sealJson(newKey, newWrappedKey, withUserKey(profile, newKey));
            handover = new ProfileHandover(newKey, rekey.oldKeyId(), newWrappedKey, newSealed, clock.instant());
        } else {
            handover = new ProfileHandover(newKey, rekey.oldKeyId(), null, null, clock.instant());
        }
        // A new record: the rekey's headers are the filter's, not the handover's.
        RecordHeaders headers = new RecordHeaders();
        if (rekey.newKeyId() != null) {
            headers.add(NEW_KEY_ID_HEADER, rekey.newKeyId().getBytes(StandardCharsets.UTF_8));
        }
        if (objectedAt != null) {
            headers.add(CONSENT_WITHDRAWN_HEADER, ByteBuffer.allocate(Long.BYTES).putLong(objectedAt).array());
        }
        context.forward(new Record<>(newKey, (Object) handover, record.timestamp(), headers), ProfileTopology.HANDOVERS_SINK);

        if (sealed != null || wrappedKey != null) {
            profiles.delete(oldKey);
            keys.delete(oldKey);
            activity.delete(oldKey);
            // Profile first, key second, as on erasure: in our output a profile never outlives its key.
            context.forward(new Record<>(oldKey, null, record.timestamp()), ProfileTopology.SINK);
            context.forward(new Record<>(oldKey, null, record.timestamp()), ProfileTopology.USER_KEYS_SINK);
        }
    }

    /** The old profile, null when there is none or it cannot be opened (logged). */
    private UserProfile open(String oldKey, byte[] wrappedKey, byte[] sealed) {
        if (sealed == null || wrappedKey == null) {
            return null;
        }
        // Not caught: a key the master key cannot unwrap is a misconfiguration (see ApplyEventProcessor).
        UserDataCipher.DataKey dataKey = cipher.unwrapKey(oldKey, wrappedKey);
        try {
            return cipher.openJson(dataKey, sealed, UserProfile.class);
        } catch (UndecryptableException e) {
            LOG.warn("Stored profile for the rekey at {} cannot be opened ({}); handing over nothing",
                    ProfileUpdate.offset(context), e.getMessage());
            return null;
        }
    }

    /** {@code profile} under another pseudonym (UserProfile has no such copy method). */
    static UserProfile withUserKey(UserProfile p, String userKey) {
        return new UserProfile(userKey, p.eventCount(), p.counts(), p.categoryAffinity(), p.brandAffinity(),
                p.priceBand(), p.rfm(), p.sessionCount(), p.lastSessionKey(), p.recentItems(), p.purchasedItems(),
                p.firstEventTime(), p.lastEventTime(), p.neural(), p.text());
    }
}
