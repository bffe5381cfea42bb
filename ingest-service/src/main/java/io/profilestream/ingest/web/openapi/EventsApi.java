package io.profilestream.ingest.web.openapi;

import io.profilestream.ingest.web.IngestResponse;
import io.profilestream.ingest.web.IngestResponse.EventResult;
import io.profilestream.ingest.web.openapi.RequestSchemas.ShopEvent;
import io.profilestream.ingest.web.openapi.ResponseSchemas.EventsAccepted;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;

/** The OpenAPI description of {@code POST /v1/events}; implemented by the controller. */
@Tag(name = "Events", description = "Shop events onto the raw events topic")
public interface EventsApi {

    /** Stores the valid events and answers 202 with a result per event, or a problem. */
    @Operation(operationId = "ingestEvents", summary = "Send shop events", description = """
            Validates each event on its own and stores the valid ones on Kafka, in body order, keyed by `userId`. \
            The answer is 202 as soon as Kafka has confirmed every valid event, with one result per event; \
            events that break a rule are reported in the results and not stored. Only when no event at all is \
            valid is the answer a 400 problem listing every error.

            The body is one event object, a JSON array of them, or NDJSON (one object per line, blank lines \
            ignored; a line that is not JSON rejects only that event). At most `profilestream.ingest.max-batch-size` \
            entries (default 500) and `profilestream.ingest.max-body-bytes` bytes (default 1 MiB) per request.

            Retrying a request is always safe: events are de-duplicated downstream by `eventId`. A 2xx means \
            every accepted event is stored (acks=all); after a 429, a 503 or a lost connection, send the same \
            events again with the same `eventId`s.""")
    @RequestBody(required = true, description = "One event, a JSON array of events, or NDJSON.", content = {
            @Content(mediaType = "application/json",
                    schema = @Schema(oneOf = {ShopEvent.class, ShopEvent[].class}),
                    examples = {
                            @ExampleObject(name = "one event", value = Examples.EVENT),
                            @ExampleObject(name = "batch", value = Examples.EVENTS)}),
            @Content(mediaType = "application/x-ndjson",
                    schema = @Schema(type = "string", description = "One ShopEvent JSON object per line."),
                    examples = @ExampleObject(name = "NDJSON", value = Examples.EVENTS_NDJSON))})
    @ApiResponse(responseCode = "202", description = "Every valid event is stored; `results` says which were not.",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = EventsAccepted.class),
                    examples = {
                    @ExampleObject(name = "all accepted", value = Examples.EVENTS_ACCEPTED),
                    @ExampleObject(name = "partly accepted", value = Examples.EVENTS_PARTLY_ACCEPTED)}))
    @ApiResponse(responseCode = "400", description = """
            Nothing was stored: the body is not JSON (`malformed-json`), not an object or array (`invalid-body`), \
            holds no event (`empty-body`), could not be read (`unreadable-body`), or no event in it is valid \
            (`invalid-events`, with every error).""",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemSchema.class),
                    examples = {
                            @ExampleObject(name = "invalid-events", value = Examples.INVALID_EVENTS),
                            @ExampleObject(name = "malformed-json", value = Examples.MALFORMED_JSON),
                            @ExampleObject(name = "empty-body", value = Examples.EMPTY_BODY)}))
    @ApiResponse(responseCode = "413", description = """
            Nothing was stored: the body is larger than `profilestream.ingest.max-body-bytes` (`body-too-large`) \
            or holds more than `profilestream.ingest.max-batch-size` events (`batch-too-large`). Split it.""",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemSchema.class),
                    examples = {
                            @ExampleObject(name = "body-too-large", value = Examples.BODY_TOO_LARGE),
                            @ExampleObject(name = "batch-too-large", value = Examples.BATCH_TOO_LARGE)}))
    @ApiResponse(responseCode = "415", description = "The Content-Type is neither application/json nor "
            + "application/x-ndjson (`unsupported-media-type`).",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemSchema.class),
                    examples = @ExampleObject(name = "unsupported-media-type", value = Examples.UNSUPPORTED_MEDIA_TYPE)))
    @ApiResponse(responseCode = "429", description = """
            Nothing was read or stored: ingest already holds `profilestream.ingest.max-in-flight-bytes` of requests \
            (default 32 MiB) that Kafka has not confirmed yet, because Kafka is slow or the load is too high \
            (`overloaded`). Send the same request again after Retry-After seconds.""",
            headers = @Header(name = "Retry-After", description = ApiDocs.OVERLOADED_RETRY_AFTER,
                    schema = @Schema(type = "integer", example = "1")),
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemSchema.class),
                    examples = @ExampleObject(name = "overloaded", value = Examples.OVERLOADED)))
    @ApiResponse(responseCode = "500", description = """
            Kafka refused the events for good (`publish-failed`, with the positions it stored before) or an \
            unexpected error occurred (`internal-error`). Both are logged; retrying will not help.""",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemSchema.class),
                    examples = {
                            @ExampleObject(name = "publish-failed", value = Examples.PUBLISH_FAILED),
                            @ExampleObject(name = "internal-error", value = Examples.INTERNAL_ERROR)}))
    @ApiResponse(responseCode = "503", description = """
            Kafka is unavailable (`broker-unavailable`): it did not confirm every valid event within \
            `profilestream.ingest.send-timeout` or refused them with an error of its own, and some may be \
            stored anyway (`storedIndices`); or a send timed out a moment ago and, until Kafka answers a probe, \
            requests are refused at once without trying (`storedIndices` empty). Send the whole request again \
            after Retry-After seconds.""",
            headers = @Header(name = "Retry-After", description = ApiDocs.RETRY_AFTER,
                    schema = @Schema(type = "integer", example = "5")),
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemSchema.class),
                    examples = {
                            @ExampleObject(name = "broker-unavailable", value = Examples.BROKER_UNAVAILABLE),
                            @ExampleObject(name = "short-circuit", value = Examples.BROKER_SHORT_CIRCUIT)}))
    ResponseEntity<IngestResponse<EventResult>> ingest(HttpServletRequest request);
}
