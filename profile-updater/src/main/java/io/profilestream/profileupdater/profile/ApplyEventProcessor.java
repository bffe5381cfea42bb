package io.profilestream.profileupdater.profile;

import io.profilestream.model.crypto.UserDataCipher;
import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.event.Consent;
import io.profilestream.model.streams.MissingFieldException;
import io.profilestream.model.streams.PipelineLatency;
import io.profilestream.profileupdater.neural.NeuralStep;
import io.profilestream.profileupdater.text.TextSignalStep;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds each clean event into its user's profile in the {@link ProfileTopology#PROFILE_STORE}
 * store and forwards the new profile, keyed by user pseudonym. Both parts of the profile change
 * together: the explicit fold ({@link ProfileFolder}), the LSTM step ({@link NeuralStep}) and the
 * text-signals step ({@link TextSignalStep}) give one value, so one store write, one changelog record and one output record carry them in the
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
 * user's profile and data key (and any events held for a key-rotation handover, with their
 * holding key), forwards tombstones for both (so the compacted topics and every
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
 * <p>Key rotation: an event marked with {@link CleanEvent#previousUserKey()} belongs to a user
 * whose profile may still sit under their previous pseudonym, on another partition, until
 * {@link HandOverProcessor} hands it over. While the user has no profile under the new pseudonym
 * and nothing was handed over yet ({@link ProfileTopology#HANDED_OVER_STORE}), such events are held
 * in {@link ProfileTopology#AWAITING_HANDOVER_STORE} (sealed under a holding key of their own, see
 * {@link HandoverBuffer}) and {@link AdoptProfileProcessor} applies
 * them after adopting the profile, so it is continued rather than a second one started. The hold
 * is bounded ({@link HandoverBuffer}): past it, the held events are applied at once (logged as a
 * WARN) and the user no longer waits, since a missing handover must never stall a user. Events of
 * a user erased under the new pseudonym are not held: the erasure removed the past they would wait for.
 *
 * <p>Storage limitation: each profile write also records the user's latest event time and key id
 * in {@link ProfileTopology#ACTIVITY_STORE} (a consent withdrawal deletes the entry with the
 * profile), and this processor schedules its task's {@link ExpireProfilesPunctuator}, which deletes
 * the profiles and data keys of users inactive past {@link ProfileSettings#retention()} or last
 * seen under a {@link ProfileSettings#retiredKeyIds() retired key id}.
 *
 * <p>The per-event logic itself lives in {@link ProfileUpdate}, shared with the replay after a handover.
 *
 * <p>Records that carry no user (neither record key nor {@code userKey}) or no event type cannot
 * belong to any profile. The privacy filter never writes them, so one came from a producer that
 * bypassed it: a {@link MissingFieldException} diverts it to the dead-letter topic
 * ({@code MISSING_FIELD}) and the service carries on. A record without a value (not a tombstone:
 * the topic is not compacted, but it carries nothing to lose) is logged with its offset and skipped.
 */
public final class ApplyEventProcessor implements Processor<String, CleanEvent, String, byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(ApplyEventProcessor.class);

    private final ProfileSettings settings;
    private final UserDataCipher cipher;
    private final ProfileUpdate update;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> store;
    private KeyValueStore<String, Long> erased;
    private KeyValueStore<String, Long> handedOver;
    private HandoverBuffer awaiting;

    /**
     * @param settings   the folding settings (for the explicit profile logic) and the storage limits
     * @param neuralStep the LSTM step, or {@link NeuralStep#disabled()}
     * @param cipher     seals profiles and held events, creates data keys
     */
    public ApplyEventProcessor(ProfileSettings settings, NeuralStep neuralStep, UserDataCipher cipher) {
        this(settings, neuralStep, cipher, PipelineLatency.detached(ProfileTopology.LATENCY_STAGE));
    }

    /**
     * @param settings   the folding settings (for the explicit profile logic) and the storage limits
     * @param neuralStep the LSTM step, or {@link NeuralStep#disabled()}
     * @param cipher     seals profiles and held events, creates data keys
     * @param latency    records each written profile's latency since ingest accepted its event
     */
    public ApplyEventProcessor(ProfileSettings settings, NeuralStep neuralStep, UserDataCipher cipher,
                               PipelineLatency latency) {
        this(settings, neuralStep, TextSignalStep.disabled(), cipher, latency);
    }

    /**
     * @param settings   the folding settings (for the explicit profile logic) and the storage limits
     * @param neuralStep the LSTM step, or {@link NeuralStep#disabled()}
     * @param textStep   the text-signals step (review sentiment, query interests), or {@link TextSignalStep#disabled()}
     * @param cipher     seals profiles and held events, creates data keys
     * @param latency    records each written profile's latency since ingest accepted its event
     */
    public ApplyEventProcessor(ProfileSettings settings, NeuralStep neuralStep, TextSignalStep textStep,
                               UserDataCipher cipher, PipelineLatency latency) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.update = new ProfileUpdate(new ProfileFolder(settings), neuralStep, textStep, cipher, latency,
                settings.openedCache());
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(ProfileTopology.PROFILE_STORE);
        this.erased = context.getStateStore(ProfileTopology.ERASED_STORE);
        this.handedOver = context.getStateStore(ProfileTopology.HANDED_OVER_STORE);
        this.awaiting = HandoverBuffer.of(context, cipher);
        update.init(context);
        // One processor per task owns the sweep, so each task expires exactly the users it holds.
        ExpireProfilesPunctuator.schedule(context, settings);
    }

    @Override
    public void process(Record<String, CleanEvent> record) {
        CleanEvent event = record.value();
        // The topic key decides the partition, and so which instance serves the profile.
        String userKey = record.key() != null ? record.key() : event == null ? null : event.userKey();
        if (event == null) {
            LOG.warn("Skipping clean event without value at {}", ProfileUpdate.offset(context));
            return;
        }
        if (userKey == null) {
            throw new MissingFieldException("userKey");
        }
        if (event.type() == null) {
            throw new MissingFieldException("type");
        }
        if (event.eventTime() == null) {
            event = event.withEventTime(Instant.ofEpochMilli(record.timestamp()));
        }
        Record<String, CleanEvent> normalised = record.withKey(userKey).withValue(event);
        if (!awaitsHandover(userKey, event)) {
            update.apply(normalised);
            return;
        }
        List<Record<String, CleanEvent>> overdue = awaiting.hold(normalised);
        if (overdue != null) {
            LOG.warn("No profile handed over after {} held events of a user at {} (bound {} events / {} bytes reached); "
                    + "applying them without waiting", overdue.size(), ProfileUpdate.offset(context),
                    HandoverBuffer.MAX_EVENTS, HandoverBuffer.MAX_BYTES);
            // The user stops waiting for good: a handover arriving later is discarded, not merged.
            handedOver.put(userKey, context.currentSystemTimeMs());
            overdue.forEach(update::apply);
        }
    }

    @Override
    public void close() {
        // Decrypted profiles do not outlive the task here (a migrated or closed task reopens from its store).
        update.close();
    }

    /** True when the event must wait for its user's profile to be handed over from the previous pseudonym. */
    private boolean awaitsHandover(String userKey, CleanEvent event) {
        return event.previousUserKey() != null
                && handedOver.get(userKey) == null
                && store.get(userKey) == null
                && erased.get(userKey) == null;
    }
}
