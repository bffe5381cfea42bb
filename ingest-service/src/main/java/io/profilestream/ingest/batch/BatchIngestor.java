package io.profilestream.ingest.batch;

import io.profilestream.ingest.admission.InFlightBytes;
import io.profilestream.ingest.body.BatchEntry;
import io.profilestream.ingest.publish.EventPublisher;
import io.profilestream.ingest.publish.OutboundRecord;
import io.profilestream.ingest.publish.PublishReport;
import io.profilestream.ingest.validation.EntryValidator;
import io.profilestream.ingest.validation.Validated;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Validates every entry of a request, publishes the valid ones in body order and reports each
 * entry's outcome. An entry counts as accepted only once the broker has confirmed it.
 *
 * @param <V> the value type published
 */
public final class BatchIngestor<V> {

    private final EntryValidator<V> validator;
    private final EventPublisher<V> publisher;
    private final Function<V, String> key;

    /**
     * @param validator validates and builds values
     * @param publisher writes them
     * @param key       the record key of a value
     */
    public BatchIngestor(EntryValidator<V> validator, EventPublisher<V> publisher, Function<V, String> key) {
        this.validator = validator;
        this.publisher = publisher;
        this.key = key;
    }

    /**
     * Processes one request.
     *
     * @param entries    the parsed body
     * @param receivedAt when the request arrived: the record timestamp and the default event time
     * @param permit     the request's share of the in-flight bound; kept until Kafka has settled
     *                   every record handed to it, even when that is after this method returns
     * @return every entry's outcome, when every valid entry was stored
     * @throws PublishFailedException when some valid entry was not stored
     */
    public BatchOutcome ingest(List<BatchEntry> entries, Instant receivedAt, InFlightBytes.Permit permit) {
        List<EntryOutcome> outcomes = new ArrayList<>(entries.size());
        List<OutboundRecord<V>> records = new ArrayList<>();
        List<Integer> recordIndices = new ArrayList<>();
        for (BatchEntry entry : entries) {
            if (entry.error() != null) {
                outcomes.add(new EntryOutcome(entry.index(), null, List.of(entry.error())));
                continue;
            }
            Validated<V> validated = validator.validate(entry.node(), receivedAt);
            outcomes.add(new EntryOutcome(entry.index(), validated.id(), validated.violations()));
            if (validated.isValid()) {
                V value = validated.value();
                records.add(new OutboundRecord<>(key.apply(value), value, receivedAt));
                recordIndices.add(entry.index());
            }
        }
        if (!records.isEmpty()) {
            PublishReport report = publisher.publish(records, permit.retain());
            if (!report.allStored()) {
                List<Integer> stored = report.storedPositions().stream().map(recordIndices::get).toList();
                throw new PublishFailedException(report.retriable(), stored, records.size(),
                        entries.size() - records.size(), report.failure());
            }
        }
        return new BatchOutcome(outcomes);
    }
}
