package io.profilestream.profileupdater.profile;

import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.Consent;
import io.profilestream.model.profile.NeuralState;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.profileupdater.neural.NeuralStep;
import java.time.Instant;
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
 * <p>Consent ({@link Consent}): an event that withdraws consent to personalisation deletes the
 * user's profile, forwards a tombstone (so the compacted profiles topic and every store built from
 * it drop the profile too) and is itself not profiled; the withdrawal is remembered in
 * {@link ProfileTopology#CONSENT_STORE}, so the user's later events are skipped (counted, not
 * dead-lettered: they are valid, just not ours to use; metric {@code skipped-without-consent-total},
 * group {@code stream-profile-updater-metrics}) until an event grants consent again,
 * which starts an empty profile.
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
public final class ApplyEventProcessor implements Processor<String, CleanEvent, String, UserProfile> {

    private static final Logger LOG = LoggerFactory.getLogger(ApplyEventProcessor.class);

    private final ProfileFolder folder;
    private final NeuralStep neuralStep;
    private ProcessorContext<String, UserProfile> context;
    private KeyValueStore<String, UserProfile> store;
    private KeyValueStore<String, Long> withdrawn;
    private KeyValueStore<String, Long> erased;
    private Sensor skippedWithoutConsent;
    private Sensor droppedAfterErasure;

    /**
     * @param folder     the explicit profile logic
     * @param neuralStep the LSTM step, or {@link NeuralStep#disabled()}
     */
    public ApplyEventProcessor(ProfileFolder folder, NeuralStep neuralStep) {
        this.folder = folder;
        this.neuralStep = neuralStep;
    }

    @Override
    public void init(ProcessorContext<String, UserProfile> context) {
        this.context = context;
        this.store = context.getStateStore(ProfileTopology.PROFILE_STORE);
        this.withdrawn = context.getStateStore(ProfileTopology.CONSENT_STORE);
        this.erased = context.getStateStore(ProfileTopology.ERASED_STORE);
        this.skippedWithoutConsent = context.metrics().addRateTotalSensor("profile-updater", context.taskId().toString(),
                "skipped-without-consent", Sensor.RecordingLevel.INFO);
        this.droppedAfterErasure = context.metrics().addRateTotalSensor("profile-updater", context.taskId().toString(),
                "dropped-after-erasure", Sensor.RecordingLevel.INFO);
    }

    @Override
    public void process(Record<String, CleanEvent> record) {
        CleanEvent event = record.value();
        // The topic key decides the partition, and so which instance serves the profile.
        String userKey = record.key() != null ? record.key() : event == null ? null : event.userKey();
        if (event == null || event.type() == null || userKey == null) {
            LOG.warn("Skipping clean event without {} at {}", event == null ? "value" : userKey == null ? "user key" : "type",
                    context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("unknown offset"));
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
        UserProfile previous = store.get(userKey);
        UserProfile folded = folder.apply(previous != null ? previous : UserProfile.empty(userKey), event);
        NeuralState neural = neuralStep.apply(folded, event);
        UserProfile next = neural == folded.neural() ? folded : folded.withNeural(neural);
        store.put(userKey, next);
        context.forward(record.withKey(userKey).withValue(next));
    }

    /** True when the user was erased at or after the event's receive time or event time. */
    private boolean sentBeforeErasure(String userKey, CleanEvent event, Record<String, CleanEvent> record) {
        Long erasedAt = erased.get(userKey);
        return erasedAt != null && (record.timestamp() <= erasedAt || event.eventTime().toEpochMilli() <= erasedAt);
    }

    /** Applies the event's consent; false when the event must not reach the profile. */
    private boolean consentAllowsProfiling(String userKey, CleanEvent event, Record<String, CleanEvent> record) {
        Consent consent = event.consent();
        if (consent != null && !consent.personalisation()) {
            withdrawn.put(userKey, event.eventTime().toEpochMilli());
            store.delete(userKey);
            // Always, even without a stored profile: a consumer may still hold an older copy.
            context.forward(record.withKey(userKey).withValue((UserProfile) null));
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

    private static CleanEvent withEventTime(CleanEvent e, Instant at) {
        return new CleanEvent(e.schemaVersion(), e.eventId(), e.userKey(), e.keyId(), e.sessionKey(), e.type(),
                e.itemId(), e.category(), e.brand(), e.price(), e.currency(), e.quantity(), e.query(),
                e.reviewText(), e.rating(), at, e.consent());
    }
}
