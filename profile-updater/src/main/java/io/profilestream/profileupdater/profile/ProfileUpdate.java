package io.profilestream.profileupdater.profile;

import io.profilestream.model.crypto.UndecryptableException;
import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.erasure.ErasureMarkers;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.Consent;
import io.profilestream.model.profile.NeuralState;
import io.profilestream.model.profile.TextSignals;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.streams.PipelineLatency;
import io.profilestream.profileupdater.neural.NeuralStep;
import io.profilestream.profileupdater.text.TextSignalStep;
import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one implementation of "apply one clean event to its user's profile": erasure markers,
 * consent, the user's data key, the explicit fold, the LSTM step, the text-signals step, sealing, the store writes
 * (profile and {@link ProfileActivity activity}) and the forwards. {@link ApplyEventProcessor}
 * runs it for each event as it arrives and {@link AdoptProfileProcessor} for the events it held
 * back until a profile was handed over after a key rotation, so both paths give byte-for-byte the
 * same semantics (see {@link ApplyEventProcessor} for what each rule is for).
 *
 * <p>One instance per processor instance (a task's thread); {@link #init} must run in the owning
 * processor's {@code init}. Metrics go to group {@code stream-profile-updater-metrics}; two
 * processors of one task share the same sensors (Kafka returns the existing sensor by name). Each
 * profile written also records its {@link PipelineLatency}. The profiles it wrote last are kept
 * opened ({@link OpenedProfiles}; metrics {@code opened-profile-hits} and {@code -misses}), so a
 * user's next event does not decrypt and parse what was just sealed.
 */
final class ProfileUpdate {

    private static final Logger LOG = LoggerFactory.getLogger(ApplyEventProcessor.class);

    private final ProfileFolder folder;
    private final NeuralStep neuralStep;
    private final TextSignalStep textStep;
    private final UserDataCipher cipher;
    private final PipelineLatency latency;
    private final ProfileSettings.OpenedCache openedCache;
    private OpenedProfiles opened = OpenedProfiles.none();
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> store;
    private KeyValueStore<String, byte[]> keys;
    /** Event-time step below which the activity entry is not rewritten (see {@code recordActivity}). */
    static final long ACTIVITY_STEP_MS = 3_600_000L;
    /** Shortest interval of the opened profiles' idle sweep. */
    private static final Duration MIN_SWEEP = Duration.ofSeconds(1);

    private KeyValueStore<String, ProfileActivity> activity;
    private KeyValueStore<String, Long> withdrawn;
    private KeyValueStore<String, byte[]> awaiting;
    private KeyValueStore<String, byte[]> holdingKeys;
    private ErasureMarkers erased;
    private Sensor skippedWithoutConsent;
    private Sensor droppedAfterErasure;
    private Sensor undecryptable;
    private Sensor openedHits;
    private Sensor openedMisses;

    /**
     * @param openedCache how many profiles to keep opened between a user's events
     *                    ({@link ProfileSettings.OpenedCache#off()} for a path whose users rarely come twice)
     */
    ProfileUpdate(ProfileFolder folder, NeuralStep neuralStep, TextSignalStep textStep, UserDataCipher cipher,
                  PipelineLatency latency, ProfileSettings.OpenedCache openedCache) {
        this.folder = Objects.requireNonNull(folder, "folder");
        this.neuralStep = Objects.requireNonNull(neuralStep, "neuralStep");
        this.textStep = Objects.requireNonNull(textStep, "textStep");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.latency = Objects.requireNonNull(latency, "latency");
        this.openedCache = Objects.requireNonNull(openedCache, "openedCache");
    }

    /** Binds to the owning processor's context: its stores, sinks and metrics. */
    void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(ProfileTopology.PROFILE_STORE);
        this.keys = context.getStateStore(ProfileTopology.USER_KEYS_STORE);
        this.activity = context.getStateStore(ProfileTopology.ACTIVITY_STORE);
        this.withdrawn = context.getStateStore(ProfileTopology.CONSENT_STORE);
        this.awaiting = context.getStateStore(ProfileTopology.AWAITING_HANDOVER_STORE);
        this.holdingKeys = context.getStateStore(ProfileTopology.HOLDING_KEYS_STORE);
        this.erased = new ErasureMarkers(context.getStateStore(ProfileTopology.ERASED_STORE));
        String task = context.taskId().toString();
        this.skippedWithoutConsent = context.metrics().addRateTotalSensor("profile-updater", task,
                "skipped-without-consent", Sensor.RecordingLevel.INFO);
        this.droppedAfterErasure = context.metrics().addRateTotalSensor("profile-updater", task,
                "dropped-after-erasure", Sensor.RecordingLevel.INFO);
        this.undecryptable = context.metrics().addRateTotalSensor("profile-updater", task,
                "undecryptable-profiles", Sensor.RecordingLevel.INFO);
        this.openedHits = context.metrics().addRateTotalSensor("profile-updater", task,
                "opened-profile-hits", Sensor.RecordingLevel.INFO);
        this.openedMisses = context.metrics().addRateTotalSensor("profile-updater", task,
                "opened-profile-misses", Sensor.RecordingLevel.INFO);
        // A fresh, empty cache on every init. Not needed for correctness (a restored store never holds
        // the bytes of an aborted write, so such an entry could only miss), but nothing decrypted
        // outlives the task's topology.
        this.opened = new OpenedProfiles(openedCache.size(), openedCache.idle().toMillis());
        if (openedCache.size() > 0) {
            Duration halfIdle = openedCache.idle().dividedBy(2);
            context.schedule(halfIdle.compareTo(MIN_SWEEP) < 0 ? MIN_SWEEP : halfIdle, PunctuationType.WALL_CLOCK_TIME, opened);
        }
    }

    /** Drops the opened profiles; the owning processor's {@code close} calls it. */
    void close() {
        opened.clear();
    }

    /**
     * Applies one event to the profile of the record's key.
     *
     * @param record keyed by the user's pseudonym; the event has a type and an event time; the
     *               record timestamp is the event's receive time (it stamps every forward)
     */
    void apply(Record<String, CleanEvent> record) {
        String userKey = record.key();
        CleanEvent event = record.value();
        // Before consent: an in-flight consent change of an erased user must not write state either.
        if (erased.covers(userKey, record.timestamp(), event.eventTime().toEpochMilli())) {
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
            context.forward(record.withValue(wrappedKey), ProfileTopology.USER_KEYS_SINK);
        }
        // Unwrapped once for both the open and the seal, or not at all when this processor wrote the
        // stored profile with this very key (OpenedProfiles). Not caught: a key the master key cannot
        // unwrap is a misconfiguration, and failing here stops processing before any profile is
        // overwritten.
        long now = context.currentSystemTimeMs();
        byte[] stored = store.get(userKey);
        OpenedProfiles.Opened hit = opened.lookup(userKey, wrappedKey, stored, now);
        UserDataCipher.DataKey dataKey;
        UserProfile previous;
        if (hit != null) {
            openedHits.record();
            dataKey = hit.dataKey();
            previous = hit.profile();
        } else {
            openedMisses.record();
            dataKey = cipher.unwrapKey(userKey, wrappedKey);
            previous = open(dataKey, stored);
        }
        UserProfile folded = folder.apply(previous != null ? previous : UserProfile.empty(userKey), event);
        NeuralState neural = neuralStep.apply(folded, event);
        UserProfile stepped = neural == folded.neural() ? folded : folded.withNeural(neural);
        TextSignals text = textStep.apply(stepped, event);
        UserProfile next = text == stepped.text() ? stepped : stepped.withText(text);
        byte[] sealed = cipher.sealJson(dataKey, next);
        store.put(userKey, sealed);
        opened.remember(userKey, wrappedKey, sealed, new OpenedProfiles.Opened(dataKey, next), now);
        recordActivity(userKey, next.lastEventTime().toEpochMilli(), event.keyId());
        context.forward(record.withValue(sealed), ProfileTopology.SINK);
        latency.record(record.timestamp());
    }

    /**
     * Keeps the user's activity entry, rewritten only when the key id changes or the profile's
     * latest event time (not this event's: a late event must not shorten the profile's life) moved
     * on by {@link #ACTIVITY_STEP_MS}. Why: a write per event (a RocksDB put and one more changelog
     * record in every transaction) was the suspect of the demo's end-to-end rate falling from
     * ~517 to 318-380 events/s; the retention it serves is counted in days, so an entry up to an
     * hour old only lets a profile expire up to an hour early.
     */
    private void recordActivity(String userKey, long lastEventAt, String keyId) {
        ProfileActivity current = activity.get(userKey);
        if (current == null || !Objects.equals(current.keyId(), keyId)
                || lastEventAt - current.lastEventAt() >= ACTIVITY_STEP_MS) {
            activity.put(userKey, new ProfileActivity(lastEventAt, keyId));
        }
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
                    offset(context), e.getMessage());
            return null;
        }
    }

    /** Applies the event's consent; false when the event must not reach the profile. */
    private boolean consentAllowsProfiling(String userKey, CleanEvent event, Record<String, CleanEvent> record) {
        Consent consent = event.consent();
        if (consent != null && !consent.personalisation()) {
            withdrawn.put(userKey, event.eventTime().toEpochMilli());
            store.delete(userKey);
            opened.forget(userKey);
            keys.delete(userKey);
            activity.delete(userKey);
            // Events still held for a key-rotation handover must not be profiled later either: deleted
            // with their holding key, which shreds any older copy of them in the changelog.
            HandoverBuffer.discard(awaiting, holdingKeys, userKey);
            // Always, even without stored state: a consumer may still hold an older copy. Profile
            // first, key second (the reverse of creation): in our output a profile never outlives its key.
            context.forward(record.withValue((byte[]) null), ProfileTopology.SINK);
            context.forward(record.withValue((byte[]) null), ProfileTopology.USER_KEYS_SINK);
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

    /** Where the current record came from, for logs (never its content). */
    static String offset(ProcessorContext<?, ?> context) {
        return context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("unknown offset");
    }
}
