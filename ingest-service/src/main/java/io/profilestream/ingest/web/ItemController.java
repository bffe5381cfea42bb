package io.profilestream.ingest.web;

import io.profilestream.ingest.admission.InFlightBytes;
import io.profilestream.ingest.batch.BatchIngestor;
import io.profilestream.ingest.batch.BatchOutcome;
import io.profilestream.ingest.body.BatchBodyReader;
import io.profilestream.ingest.web.IngestResponse.ItemResult;
import io.profilestream.ingest.web.openapi.ItemsApi;
import io.profilestream.model.event.ItemUpdate;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/items}: catalogue updates as one JSON object or a JSON array. */
@RestController
public class ItemController implements ItemsApi {

    private final BatchBodyReader bodyReader;
    private final BatchIngestor<ItemUpdate> ingestor;
    private final Clock clock;
    private final IngestMetrics metrics;
    private final InFlightBytes inFlight;

    public ItemController(BatchBodyReader bodyReader, BatchIngestor<ItemUpdate> itemIngestor, Clock clock,
                          IngestMetrics metrics, InFlightBytes inFlight) {
        this.bodyReader = bodyReader;
        this.ingestor = itemIngestor;
        this.clock = clock;
        this.metrics = metrics;
        this.inFlight = inFlight;
    }

    /** Stores the valid items and answers 202 with a result per item, or a problem. */
    @Override
    @PostMapping(path = "/v1/items", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<IngestResponse<ItemResult>> ingest(HttpServletRequest request) {
        Instant receivedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        BatchOutcome outcome;
        // Admitted before a byte of the body is read; refused with 429 when the bound is reached.
        try (InFlightBytes.Permit permit = inFlight.admit(request.getContentLengthLong())) {
            outcome = ingestor.ingest(bodyReader.read(request), receivedAt, permit);
        }
        if (outcome.accepted() == 0) {
            throw new NoEntryAcceptedException("items", outcome);
        }
        metrics.outcome(request, outcome);
        return ResponseEntity.accepted().contentType(MediaType.APPLICATION_JSON).body(IngestResponse.items(outcome));
    }
}
