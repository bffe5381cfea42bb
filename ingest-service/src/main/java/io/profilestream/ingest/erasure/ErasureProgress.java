package io.profilestream.ingest.erasure;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import io.profilestream.model.erasure.ErasureStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the latest erasure of one user stands, as {@code GET /v1/users/{userId}/erasure} answers.
 * It names the user by nothing but the request id: the caller knows the user, and the pseudonym
 * must not leave the services that hold the HMAC key.
 *
 * @param requestId   the latest request ingest accepted for the user
 * @param requestedAt when ingest accepted it
 * @param state       completed once every confirming service has confirmed this request
 * @param completedAt the latest confirmation time; only when completed
 * @param services    one entry per {@link ErasureStatus#CONFIRMING_SERVICES}, in that order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Where the user's latest erasure stands.")
public record ErasureProgress(
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "The latest erasure request for the user.",
                example = "9d2c6b1e-7a4f-4e0b-8c55-2f3e1d0a6b77")
        String requestId,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "When ingest accepted it.",
                example = "2025-03-01T10:15:30.123Z")
        Instant requestedAt,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "completed once every service in `services` "
                + "confirmed this request.", example = "pending")
        Phase state,
        @Schema(description = "The latest confirmation time; only when completed.", example = "2025-03-01T10:15:31.002Z")
        Instant completedAt,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "Each service that holds per-user state.")
        List<ServiceProgress> services) {

    /** Whether a service, or the erasure as a whole, is done. */
    public enum Phase {
        /** Not yet confirmed. */
        PENDING,
        /** Confirmed. */
        COMPLETED;

        /** The wire name, e.g. {@code pending}. */
        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One confirming service's progress on the request.
     *
     * @param service   the service name, e.g. {@code privacy-filter}
     * @param state     completed once the service confirmed this very request
     * @param updatedAt when the service confirmed; absent while pending
     * @param detail    what the service reported removing; absent while pending
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "One service's progress on the erasure.")
    public record ServiceProgress(
            @Schema(requiredMode = RequiredMode.REQUIRED, example = "privacy-filter")
            String service,
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "completed once the service confirmed this "
                    + "very request.", example = "completed")
            Phase state,
            @Schema(description = "When the service confirmed; only when completed.", example = "2025-03-01T10:15:30.480Z")
            Instant updatedAt,
            @Schema(description = "What the service reported removing; only when completed.",
                    example = "erased-users marker set to 2025-03-01T10:15:30.123Z; 0 burst-count windows deleted")
            String detail) {
    }

    /**
     * The progress of {@code request} given each service's latest status for the user.
     *
     * @param request   ingest's status of the latest request (the one being reported on)
     * @param byService the latest status per service name; other services' entries are ignored
     */
    public static ErasureProgress of(ErasureStatus request, Map<String, ErasureStatus> byService) {
        List<ServiceProgress> services = new ArrayList<>(ErasureStatus.CONFIRMING_SERVICES.size());
        Instant completedAt = null;
        boolean allCompleted = true;
        for (String service : ErasureStatus.CONFIRMING_SERVICES) {
            ErasureStatus status = byService.get(service);
            // A confirmation of an earlier request says nothing about data sent since then.
            if (status != null && status.state() == ErasureStatus.State.COMPLETED
                    && request.requestId().equals(status.requestId())) {
                services.add(new ServiceProgress(service, Phase.COMPLETED, status.updatedAt(), status.detail()));
                if (completedAt == null || (status.updatedAt() != null && status.updatedAt().isAfter(completedAt))) {
                    completedAt = status.updatedAt();
                }
            } else {
                services.add(new ServiceProgress(service, Phase.PENDING, null, null));
                allCompleted = false;
            }
        }
        return new ErasureProgress(request.requestId(), request.requestedAt(),
                allCompleted ? Phase.COMPLETED : Phase.PENDING, allCompleted ? completedAt : null, List.copyOf(services));
    }
}
