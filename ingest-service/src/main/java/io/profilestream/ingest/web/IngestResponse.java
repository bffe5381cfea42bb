package io.profilestream.ingest.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import io.profilestream.ingest.batch.BatchOutcome;
import io.profilestream.ingest.batch.EntryOutcome;
import io.profilestream.ingest.validation.Violation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The 202 answer to a request of which at least one entry was stored.
 *
 * @param accepted how many entries are stored
 * @param rejected how many entries were refused
 * @param results  one result per entry, in body order
 * @param <R> the per-entry result type
 */
public record IngestResponse<R>(int accepted, int rejected, List<R> results) {

    /** Whether an entry was stored. */
    public enum Status {
        ACCEPTED, REJECTED;

        @JsonValue
        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status of(EntryOutcome outcome) {
            return outcome.accepted() ? ACCEPTED : REJECTED;
        }
    }

    /**
     * The outcome of one event.
     *
     * @param index   position in the request
     * @param eventId the event's id, when it was valid
     * @param status  accepted or rejected
     * @param errors  why it was rejected; absent when accepted
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "What happened to one event of the request.")
    public record EventResult(
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "The event's position in the request, from 0.",
                    example = "0")
            int index,
            @Schema(description = "The event's eventId; absent when that field itself was invalid.", example = "e-1001")
            String eventId,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "accepted: stored on Kafka; rejected: not "
                    + "stored, see errors.", example = "accepted")
            Status status,
            @Schema(description = "Every rule the event broke; only when rejected.")
            List<Violation> errors) {
    }

    /**
     * The outcome of one catalogue item.
     *
     * @param index  position in the request
     * @param itemId the item's id, when it was valid
     * @param status accepted or rejected
     * @param errors why it was rejected; absent when accepted
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "What happened to one item of the request.")
    public record ItemResult(
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "The item's position in the request, from 0.",
                    example = "0")
            int index,
            @Schema(description = "The item's itemId; absent when that field itself was invalid.", example = "sku-123")
            String itemId,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "accepted: stored on Kafka; rejected: not "
                    + "stored, see errors.", example = "accepted")
            Status status,
            @Schema(description = "Every rule the item broke; only when rejected.")
            List<Violation> errors) {
    }

    /** The answer for an events request. */
    public static IngestResponse<EventResult> events(BatchOutcome outcome) {
        return of(outcome, o -> new EventResult(o.index(), o.id(), Status.of(o), errorsOrNull(o)));
    }

    /** The answer for an items request. */
    public static IngestResponse<ItemResult> items(BatchOutcome outcome) {
        return of(outcome, o -> new ItemResult(o.index(), o.id(), Status.of(o), errorsOrNull(o)));
    }

    private static <R> IngestResponse<R> of(BatchOutcome outcome, Function<EntryOutcome, R> result) {
        return new IngestResponse<>(outcome.accepted(), outcome.rejected(),
                outcome.entries().stream().map(result).toList());
    }

    private static List<Violation> errorsOrNull(EntryOutcome outcome) {
        return outcome.accepted() ? null : outcome.errors();
    }
}
