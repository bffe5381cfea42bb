package io.profilestream.privacyfilter.topology;

import io.profilestream.model.dlq.ReasonCode;
import io.profilestream.model.erasure.ErasureCommand;
import io.profilestream.model.erasure.ErasureMarkers;
import io.profilestream.model.erasure.ErasureRequest;
import io.profilestream.model.erasure.ErasureStatus;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.topic.Topics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases one user from this service (GDPR Art. 17) for each {@link ErasureRequest} on the
 * erasure-request topic, and hands the erasure on, pseudonymised, to the services downstream.
 *
 * <p>For a valid request it:
 * <ol>
 *   <li>sets the user's marker in {@link ErasureGuardProcessor#STORE_NAME} to {@code requestedAt}
 *       (keeping a later marker already there), so the erasure guard refuses the user's events
 *       still in flight;</li>
 *   <li>deletes every window of the user's event counts in {@link BurstProcessor#STORE_NAME};</li>
 *   <li>forwards an {@link ErasureCommand} keyed by the pseudonym, stamped {@code requestedAt},
 *       to {@code Topics.ERASURES};</li>
 *   <li>forwards its {@link ErasureStatus.State#COMPLETED} status to {@code Topics.ERASURE_STATUS}
 *       under {@code <userKey>/privacy-filter}, saying what was removed;</li>
 *   <li>deletes the user's entry in {@link PseudonymiseProcessor#REKEYED_STORE}, if any: it is
 *       a pseudonym of the erased user, and a user who comes back is announced afresh.</li>
 * </ol>
 *
 * <p>During a key rotation's grace period (a previous key is configured) it also forwards an
 * {@link ErasureCommand} for the user's pseudonym under the PREVIOUS key (same request id and
 * {@code requestedAt}, the previous key's id) to {@code Topics.ERASURES}: a profile not yet handed
 * over to the new pseudonym still lives under the old one, in another partition. No marker is set
 * for the old pseudonym, since the erasure guard only ever looks up current pseudonyms. Nor does
 * this service write a status for that second command: ingest tracks an erasure's progress under
 * the current pseudonym only (the completed status's detail names the previous key id instead).
 *
 * <p>The dedupe store ({@link DedupeProcessor#STORE_NAME}) is left alone on purpose: it holds only
 * event ids (opaque idempotency keys) and when they were seen, nothing that names or links to a
 * user, and finding "the user's" ids would need an event-id-to-user index that would itself be
 * personal data. Its entries expire after the dedupe window.
 *
 * <p>The marker store is shared with the erasure guard, which puts this processor and the raw
 * events in one sub-topology: the erasure-request topic is keyed by the raw user id like the raw
 * topic and has as many partitions, so a user's request and events meet in one task.
 *
 * <p>Parsing here, not in the source's deserializer, keeps a poison record from stopping the
 * service: an unreadable request goes to the dead-letter sink as {@code MALFORMED_RECORD} or
 * {@code MISSING_FIELD}, its payload kept only if {@code profilestream.filter.dead-letter-payloads}
 * is on (see {@link DeadLetterPayloadProcessor}).
 */
public final class EraseUserProcessor implements Processor<String, byte[], String, Object> {

    /** Processor name in the topology. */
    public static final String NAME = "erase-user";

    private static final Logger LOG = LoggerFactory.getLogger(EraseUserProcessor.class);

    private final Deserializer<ErasureRequest> deserializer = Topics.ERASURE_REQUESTS.valueSerde().deserializer();
    private final Pseudonymizer pseudonymizer;
    private final Pseudonymizer previous;
    private final Clock clock;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, Long> markers;
    private KeyValueStore<String, Long> rekeyed;
    private WindowStore<String, Long> burstCounts;

    /**
     * A processor outside a key rotation.
     *
     * @param pseudonymizer gives the pseudonym the stores and downstream services key the user by
     * @param clock         source of the status's {@code updatedAt} and of {@code divertedAt}
     */
    public EraseUserProcessor(Pseudonymizer pseudonymizer, Clock clock) {
        this(pseudonymizer, Optional.empty(), clock);
    }

    /**
     * @param pseudonymizer gives the pseudonym the stores and downstream services key the user by
     * @param previous      the previous key during a rotation's grace period, empty otherwise
     * @param clock         source of the status's {@code updatedAt} and of {@code divertedAt}
     */
    public EraseUserProcessor(Pseudonymizer pseudonymizer, Optional<Pseudonymizer> previous, Clock clock) {
        this.pseudonymizer = pseudonymizer;
        this.previous = previous.orElse(null);
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.markers = context.getStateStore(ErasureGuardProcessor.STORE_NAME);
        this.burstCounts = context.getStateStore(BurstProcessor.STORE_NAME);
        this.rekeyed = context.getStateStore(PseudonymiseProcessor.REKEYED_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        ErasureRequest request = parse(record);
        if (request == null) {
            return;
        }
        if (!request.userId().equals(record.key())) {
            // The guard only sees the marker if the request is in the partition of the user's
            // events; the downstream erasure is keyed by pseudonym and unaffected.
            LOG.warn("Erasure request {} is not keyed by its user id; in-flight events of the user in another "
                    + "partition are not refused", request.requestId());
        }
        // Trimmed as normalise trims the events' user id, so both give the same pseudonym.
        String userKey = pseudonymizer.user(request.userId().trim());
        long requestedAt = request.requestedAt().toEpochMilli();
        long marker = new ErasureMarkers(markers).mark(userKey, requestedAt);
        int windows = deleteBurstCounts(userKey);
        // Looked up first so an erasure outside a rotation writes no needless tombstone to the changelog.
        boolean wasRekeyed = rekeyed.get(userKey) != null;
        if (wasRekeyed) {
            rekeyed.delete(userKey);
        }

        ErasureCommand command = new ErasureCommand(request.requestId(), userKey, pseudonymizer.keyId(),
                request.requestedAt());
        String detail = ErasureGuardProcessor.STORE_NAME + " marker set to " + Instant.ofEpochMilli(marker)
                + "; " + windows + (windows == 1 ? " burst-count window" : " burst-count windows") + " deleted"
                + (wasRekeyed ? "; " + PseudonymiseProcessor.REKEYED_STORE + " entry deleted" : "")
                + (previous != null ? "; erasure command also sent for the pseudonym under previous key " + previous.keyId() : "");
        // New records without the request's headers: nothing but the pseudonymised fields leaves.
        context.forward(new Record<>(userKey, command, requestedAt), PrivacyFilterTopology.ERASURES_SINK);
        if (previous != null) {
            String oldKey = previous.user(request.userId().trim());
            context.forward(new Record<>(oldKey, new ErasureCommand(request.requestId(), oldKey, previous.keyId(),
                    request.requestedAt()), requestedAt), PrivacyFilterTopology.ERASURES_SINK);
        }
        context.forward(new Record<>(ErasureStatus.key(userKey, ErasureStatus.PRIVACY_FILTER),
                ErasureStatus.completed(command, ErasureStatus.PRIVACY_FILTER, clock.instant(), detail), requestedAt),
                PrivacyFilterTopology.ERASURE_STATUS_SINK);
    }

    /** Deletes every window of the user's counts and returns how many there were. */
    private int deleteBurstCounts(String userKey) {
        List<Long> windowStarts = new ArrayList<>();
        // The whole time range is the store's retention: it drops expired segments itself.
        try (WindowStoreIterator<Long> windows = burstCounts.fetch(userKey, 0L, Long.MAX_VALUE)) {
            windows.forEachRemaining(window -> windowStarts.add(window.key));
        }
        // A null value deletes the window.
        windowStarts.forEach(start -> burstCounts.put(userKey, null, start));
        return windowStarts.size();
    }

    /** The request, or null after dead-lettering a record that is not a complete request. */
    private ErasureRequest parse(Record<String, byte[]> record) {
        if (record.value() == null) {
            divert(record, ReasonCode.MALFORMED_RECORD, "record has no value");
            return null;
        }
        ErasureRequest request;
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse(Topics.ERASURE_REQUESTS.name());
        try {
            request = deserializer.deserialize(topic, record.value());
        } catch (SerializationException e) {
            divert(record, ReasonCode.MALFORMED_RECORD, DeadLetters.unreadable("ErasureRequest", topic, e));
            return null;
        }
        if (request == null) {
            divert(record, ReasonCode.MALFORMED_RECORD, "record value is JSON null, not an ErasureRequest");
            return null;
        }
        // The request id (ingest's own id, no personal data) names the request in the detail: without
        // the payload, which is dropped by default, nothing else would tell which erasure is stuck.
        String missing = isBlank(request.requestId()) ? "requestId is missing or blank"
                : isBlank(request.userId()) ? "userId is missing or blank in request " + request.requestId().trim()
                : request.requestedAt() == null ? "requestedAt is missing in request " + request.requestId().trim()
                : null;
        if (missing != null) {
            divert(record, ReasonCode.MISSING_FIELD, missing);
            return null;
        }
        return request;
    }

    private void divert(Record<String, byte[]> record, ReasonCode reason, String detail) {
        // No event id: a request is not an event; the detail names the request id where it could be read.
        context.forward(DeadLetters.of(context, clock, record.timestamp(), reason, detail, null, record.value()),
                DeadLetterPayloadProcessor.NAME);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
