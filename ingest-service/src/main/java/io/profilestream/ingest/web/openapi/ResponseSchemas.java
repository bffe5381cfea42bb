package io.profilestream.ingest.web.openapi;

import io.profilestream.ingest.web.IngestResponse;
import io.profilestream.ingest.web.IngestResponse.EventResult;
import io.profilestream.ingest.web.IngestResponse.ItemResult;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.util.List;

/**
 * The OpenAPI schemas of the 202 answers of the ingest endpoints: {@link IngestResponse} is
 * generic, which an annotation cannot name, so these records spell out its two forms. They are
 * never instantiated; {@code OpenApiSpecTest} checks that they have exactly its fields.
 */
public final class ResponseSchemas {

    private ResponseSchemas() {
    }

    /** {@code IngestResponse<EventResult>}. */
    @Schema(name = "EventsAccepted", description = "The events of the request that are stored, and why the others "
            + "are not.")
    public record EventsAccepted(
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "How many events are stored.", example = "1")
            int accepted,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "How many events were refused.", example = "1")
            int rejected,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "One result per event, in body order.")
            List<EventResult> results) {
    }

    /** {@code IngestResponse<ItemResult>}. */
    @Schema(name = "ItemsAccepted", description = "The items of the request that are stored, and why the others "
            + "are not.")
    public record ItemsAccepted(
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "How many items are stored.", example = "1")
            int accepted,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "How many items were refused.", example = "1")
            int rejected,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "One result per item, in body order.")
            List<ItemResult> results) {
    }
}
