package io.profilestream.ingest.web;

import io.profilestream.ingest.admission.InFlightBytes;
import io.profilestream.ingest.batch.BatchIngestor;
import io.profilestream.ingest.batch.BatchOutcome;
import io.profilestream.ingest.body.BatchBodyReader;
import io.profilestream.ingest.web.IngestResponse.EventResult;
import io.profilestream.ingest.web.openapi.EventsApi;
import io.profilestream.model.event.RawEvent;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/events}: shop events as one JSON object, a JSON array or NDJSON. */
@RestController
public class EventController implements EventsApi {

    private final BatchBodyReader bodyReader;
    private final BatchIngestor<RawEvent> ingestor;
    private final Clock clock;
    private final IngestMetrics metrics;
    private final InFlightBytes inFlight;

    public EventController(BatchBodyReader bodyReader, BatchIngestor<RawEvent> eventIngestor, Clock clock,
                           IngestMetrics metrics, InFlightBytes inFlight) {
        this.bodyReader = bodyReader;
        this.ingestor = eventIngestor;
        this.clock = clock;
        this.metrics = metrics;
        this.inFlight = inFlight;
    }

    /** Stores the valid events and answers 202 with a result per event, or a problem. */
    @Override
    @PostMapping(path = "/v1/events", consumes = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_NDJSON_VALUE})
    public ResponseEntity<IngestResponse<EventResult>> ingest(HttpServletRequest request) {
        // Millisecond precision: the record timestamp cannot carry more, and both must agree.
        Instant receivedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        BatchOutcome outcome;
        // Admitted before a byte of the body is read; refused with 429 when the bound is reached.
        try (InFlightBytes.Permit permit = inFlight.admit(request.getContentLengthLong())) {
            outcome = ingestor.ingest(bodyReader.read(request), receivedAt, permit);
        }
        if (outcome.accepted() == 0) {
            throw new NoEntryAcceptedException("events", outcome);
        }
        metrics.outcome(request, outcome);
        return ResponseEntity.accepted().contentType(MediaType.APPLICATION_JSON).body(IngestResponse.events(outcome));
    }
}
