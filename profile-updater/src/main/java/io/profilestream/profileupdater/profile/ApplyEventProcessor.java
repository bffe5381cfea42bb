package io.profilestream.profileupdater.profile;

import io.profilestream.model.crypto.UndecryptableException;
import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.erasure.ErasureMarkers;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.Consent;
import io.profilestream.model.profile.NeuralState;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.profileupdater.neural.NeuralStep;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds each clean event into its user's profile in the {@link ProfileTopology#PROFILE_STORE}
 * store and forwards the new profile, keyed by user pseudonym. Both parts of the profile change
 * together: the explicit fold ({@link ProfileFolder}) then the LSTM step ({@link NeuralStep}) give
 * one value, so one store write, one changelog record and one output record carry them in the
 * same exactly-once transaction.
 *
 * <p>Encryption at rest: the profile is stored and forwarded only sealed with the user's data key
 * ({@link UserDataCipher#sealJson}). The first event of a user (or the first after the key was
 * destroyed) creates the key, stores it in {@link ProfileTopology#USER_KEYS_STORE} and forwards it
 * to {@link ProfileTopology#USER_KEYS_SINK} <em>before</em> the profile, in the same transaction,
 * so a reader of the profiles topic never holds a profile whose key was not published. A stored
 * profile that cannot be opened (it should not happen: only this processor writes the store) is
 * logged without key material, counted (metric {@code undecryptable-profiles-total}) and replaced
 * by a fresh profile rather than stopping the service; a data key that the configured master key
 * cannot unwrap (wrong master key) fails the seal instead, so a misconfiguration stops processing
 * rather than overwriting every profile.
 *
 * <p>Consent ({@link Consent}): an event that withdraws consent to personalisation deletes the
 * user's profile and data key, forwards tombstones for both (so the compacted topics and every
 * store built from them drop them too, and any copy of the profile not compacted away yet can no
 * longer be opened) and is itself not profiled; the withdrawal is remembered in
 * {@link ProfileTopology#CONSENT_STORE}, so the user's later events are skipped (counted, not
 * dead-lettered: they are valid, just not ours to use; metric {@code skipped-without-consent-total},
 * group {@code stream-profile-updater-metrics}) until an event grants consent again,
 * which starts an empty profile under a fresh data key.
 *
 * <p>Erasure: a user erased by {@link EraseProfileProcessor} has a marker (the erasure's
 * {@code requestedAt}) in {@link ProfileTopology#ERASED_STORE}. Their events whose record
 * timestamp (ingest's receive time) or event time is at or before the marker were sent before the
 * erasure and are still in flight: profiling them would resurrect the erased profile, so they
 * are dropped and counted (metric {@code dropped-after-erasure-total}), not dead-lettered, which
 * would copy the erased user's data onto the dead-letter topic. Events entirely after the erasure
 * start a new profile.
 *
 * <p>Records that carry no user or no event type cannot belong to any profile: they are logged
 * with their offset and skipped rather than stopping the service, because the privacy filter
 * never writes them and replaying them could not change the outcome.
 */
public final class ApplyEventProcessor implements Processor<String, CleanEvent, String, byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(ApplyEventProcessor.class);

    private final ProfileFolder folder;
    private final NeuralStep neuralStep;
    private final UserDataCipher cipher;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> store;
    private KeyValueStore<String, byte[]> keys;
    private KeyValueStore<String, Long> withdrawn;
    private KeyValueStore<String, Long> erased;
    private Sensor skippedWithoutConsent;
    private Sensor droppedAfterErasure;
    private Sensor undecryptable;

    /**
     * @param folder     the explicit profile logic
     * @param neuralStep the LSTM step, or {@link NeuralStep#disabled()}
     * @param cipher     seals profiles and creates data keys
     */
    public ApplyEventProcessor(ProfileFolder folder, NeuralStep neuralStep, UserDataCipher cipher) {
        this.folder = Objects.requireNonNull(folder, "folder");
        this.neuralStep = Objects.requireNonNull(neuralStep, "neuralStep");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(ProfileTopology.PROFILE_STORE);
        this.keys = context.getStateStore(ProfileTopology.USER_KEYS_STORE);
        this.withdrawn = context.getStateStore(ProfileTopology.CONSENT_STORE);
        this.erased = context.getStateStore(ProfileTopology.ERASED_STORE);
        this.skippedWithoutConsent = context.metrics().addRateTotalSensor("profile-updater", context.taskId().toString(),
                "skipped-without-consent", Sensor.RecordingLevel.INFO);
        this.droppedAfterErasure = context.metrics().addRateTotalSensor("profile-updater", context.taskId().toString(),
                "dropped-after-erasure", Sensor.RecordingLevel.INFO);
        this.undecryptable = context.metrics().addRateTotalSensor("profile-updater", context.taskId().toString(),
                "undecryptable-profiles", Sensor.RecordingLevel.INFO);
    }

    @Override
    public void process(Record<String, CleanEvent> record) {
        CleanEvent event = record.value();
        // The topic key decides the partition, and so which instance serves the profile.
        String userKey = record.key() != null ? record.key() : event == null ? null : event.userKey();
        if (event == null || event.type() == null || userKey == null) {
            LOG.warn("Skipping clean event without {} at {}", event == null ? "value" : userKey == null ? "user key" : "type",
                    offset());
            return;
        }
        if (event.eventTime() == null) {
            event = withEventTime(event, Instant.ofEpochMilli(record.timestamp()));
        }
        // Before consent: an in-flight consent change of an erased user must not write state either.
        if (sentBeforeErasure(userKey, event, record)) {
            droppedAfterErasure.record();
            return;
        }
        if (!consentAllowsProfiling(userKey, event, record)) {
            return;
        }
        byte[] wrappedKey = keys.get(userKey);
        if (wrappedKey == null) {
            wrappedKey = cipher.newWrappedKey(userKey);
            keys.put(userKey, wrappedKey);
            // Before the profile, same transaction: a reader of the profile can always find its key.
            context.forward(record.withKey(userKey).withValue(wrappedKey), ProfileTopology.USER_KEYS_SINK);
        }
        // Unwrapped once for both the open and the seal. Not caught: a key the master key cannot
        // unwrap is a misconfiguration, and failing here stops processing before any profile is
        // overwritten.
        UserDataCipher.DataKey dataKey = cipher.unwrapKey(userKey, wrappedKey);
        UserProfile previous = open(dataKey, store.get(userKey));
        UserProfile folded = folder.apply(previous != null ? previous : UserProfile.empty(userKey), event);
        NeuralState neural = neuralStep.apply(folded, event);
        UserProfile next = neural == folded.neural() ? folded : folded.withNeural(neural);
        byte[] sealed = cipher.sealJson(dataKey, next);
        store.put(userKey, sealed);
        context.forward(record.withKey(userKey).withValue(sealed), ProfileTopology.SINK);
    }

    /** The stored profile, null when there is none or it cannot be opened (logged and counted). */
    private UserProfile open(UserDataCipher.DataKey dataKey, byte[] sealed) {
        if (sealed == null) {
            return null;
        }
        try {
            return cipher.openJson(dataKey, sealed, UserProfile.class);
        } catch (UndecryptableException e) {
            undecryptable.record();
            // The message names what failed, never key bytes; the pseudonym stays out of the log too.
            LOG.warn("Stored profile for the user of the clean event at {} cannot be opened ({}); starting it afresh",
                    offset(), e.getMessage());
            return null;
        }
    }

    /** True when the user was erased at or after the event's receive time or event time. */
    private boolean sentBeforeErasure(String userKey, CleanEvent event, Record<String, CleanEvent> record) {
        return new ErasureMarkers(erased).covers(userKey, record.timestamp(), event.eventTime().toEpochMilli());
    }

    /** Applies the event's consent; false when the event must not reach the profile. */
    private boolean consentAllowsProfiling(String userKey, CleanEvent event, Record<String, CleanEvent> record) {
        Consent consent = event.consent();
        if (consent != null && !consent.personalisation()) {
            withdrawn.put(userKey, event.eventTime().toEpochMilli());
            store.delete(userKey);
            keys.delete(userKey);
            // Always, even without stored state: a consumer may still hold an older copy. Profile
            // first, key second (the reverse of creation): in our output a profile never outlives its key.
            context.forward(record.withKey(userKey).withValue((byte[]) null), ProfileTopology.SINK);
            context.forward(record.withKey(userKey).withValue((byte[]) null), ProfileTopology.USER_KEYS_SINK);
            return false;
        }
        if (consent != null) {
            withdrawn.delete(userKey);
            return true;
        }
        if (withdrawn.get(userKey) != null) {
            skippedWithoutConsent.record();
            return false;
        }
        return true;
    }

    private String offset() {
        return context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("unknown offset");
    }

    private static CleanEvent withEventTime(CleanEvent e, Instant at) {
        return new CleanEvent(e.schemaVersion(), e.eventId(), e.userKey(), e.keyId(), e.sessionKey(), e.type(),
                e.itemId(), e.category(), e.brand(), e.price(), e.currency(), e.quantity(), e.query(),
                e.reviewText(), e.rating(), at, e.consent());
    }
}
