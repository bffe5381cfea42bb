package io.profilestream.ingest.web.openapi;

import io.profilestream.ingest.web.IngestResponse;
import io.profilestream.ingest.web.IngestResponse.ItemResult;
import io.profilestream.ingest.web.openapi.RequestSchemas.CatalogueItem;
import io.profilestream.ingest.web.openapi.ResponseSchemas.ItemsAccepted;
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

/** The OpenAPI description of {@code POST /v1/items}; implemented by the controller. */
@Tag(name = "Catalogue", description = "Catalogue updates onto the compacted items topic")
public interface ItemsApi {

    /** Stores the valid items and answers 202 with a result per item, or a problem. */
    @Operation(operationId = "ingestItems", summary = "Send catalogue updates", description = """
            Validates each item on its own and stores the valid ones on Kafka, keyed by `itemId`; the latest \
            update of an item replaces earlier ones. The answer is 202 once Kafka has confirmed every valid item, \
            with one result per item; only when no item is valid is the answer a 400 problem listing every error.

            The body is one item object or a JSON array of them; at most `profilestream.ingest.max-batch-size` \
            items (default 500) and `profilestream.ingest.max-body-bytes` bytes (default 1 MiB) per request. \
            Retrying a request is safe.""")
    @RequestBody(required = true, description = "One item or a JSON array of items.", content =
            @Content(mediaType = "application/json",
                    schema = @Schema(oneOf = {CatalogueItem.class, CatalogueItem[].class}),
                    examples = {
                            @ExampleObject(name = "one item", value = Examples.ITEM),
                            @ExampleObject(name = "batch", value = Examples.ITEMS)}))
    @ApiResponse(responseCode = "202", description = "Every valid item is stored; `results` says which were not.",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ItemsAccepted.class),
                    examples = {
                    @ExampleObject(name = "all accepted", value = Examples.ITEMS_ACCEPTED),
                    @ExampleObject(name = "partly accepted", value = Examples.ITEMS_PARTLY_ACCEPTED)}))
    @ApiResponse(responseCode = "400", description = """
            Nothing was stored: the body is not JSON (`malformed-json`), not an object or array (`invalid-body`), \
            holds no item (`empty-body`), could not be read (`unreadable-body`), or no item in it is valid \
            (`invalid-items`, with every error).""",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemSchema.class),
                    examples = @ExampleObject(name = "invalid-items", value = Examples.INVALID_ITEMS)))
    @ApiResponse(responseCode = "413", description = """
            Nothing was stored: the body is larger than `profilestream.ingest.max-body-bytes` (`body-too-large`) \
            or holds more than `profilestream.ingest.max-batch-size` items (`batch-too-large`). Split it.""",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemSchema.class)))
    @ApiResponse(responseCode = "415", description = "The Content-Type is not application/json "
            + "(`unsupported-media-type`).",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemSchema.class)))
    @ApiResponse(responseCode = "429", description = """
            Nothing was read or stored: ingest already holds `profilestream.ingest.max-in-flight-bytes` of requests \
            (default 32 MiB) that Kafka has not confirmed yet, because Kafka is slow or the load is too high \
            (`overloaded`). Send the same request again after Retry-After seconds.""",
            headers = @Header(name = "Retry-After", description = ApiDocs.OVERLOADED_RETRY_AFTER,
                    schema = @Schema(type = "integer", example = "1")),
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemSchema.class)))
    @ApiResponse(responseCode = "500", description = """
            Kafka refused the items for good (`publish-failed`, with the positions it stored before) or an \
            unexpected error occurred (`internal-error`). Both are logged; retrying will not help.""",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemSchema.class)))
    @ApiResponse(responseCode = "503", description = """
            Kafka is unavailable (`broker-unavailable`): it did not confirm every valid item within \
            `profilestream.ingest.send-timeout` or refused them with an error of its own, and some may be \
            stored anyway (`storedIndices`); or a send timed out a moment ago and, until Kafka answers a probe, \
            requests are refused at once without trying (`storedIndices` empty). Send the whole request again \
            after Retry-After seconds.""",
            headers = @Header(name = "Retry-After", description = ApiDocs.RETRY_AFTER,
                    schema = @Schema(type = "integer", example = "5")),
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemSchema.class)))
    ResponseEntity<IngestResponse<ItemResult>> ingest(HttpServletRequest request);
}
