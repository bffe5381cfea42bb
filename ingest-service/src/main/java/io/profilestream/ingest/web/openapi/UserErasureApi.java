package io.profilestream.ingest.web.openapi;

import io.profilestream.ingest.erasure.ErasureProgress;
import io.profilestream.ingest.web.UserErasureController.ErasureAccepted;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;

/**
 * The OpenAPI description of the right-to-erasure endpoints; implemented by the controller. Both
 * need an ADMIN key, which is checked before anything else: a caller without it learns nothing,
 * not even whether the user id is valid. The key's 401 and 403 answers are declared for every
 * guarded operation by {@code ApiKeyOpenApi}.
 */
@Tag(name = "Erasure", description = "Right to erasure (GDPR Art. 17); ADMIN key required")
public interface UserErasureApi {

    /** Description of the userId path parameter. */
    String USER_ID = """
            The shop's user id, percent-encoded as one path segment: `a/b` is sent as `a%2Fb`, `a%2Fb` as \
            `a%252Fb`, a `;` as `%3B`. The rules of an event's `userId` apply: at most 256 characters, no control \
            characters.""";

    /** Accepts the erasure of every record of the user; 202 with where to follow it. */
    @Operation(operationId = "eraseUser", summary = "Erase a user", description = """
            Records that every piece of data about the user is to be erased. The privacy filter turns the request \
            into a pseudonymised erasure command and each service holding per-user state erases it and confirms; \
            follow the progress at the `status` path (also the Location header). Repeating an erasure is harmless: \
            the latest request is the one reported on.""")
    @ApiResponse(responseCode = "202", description = "The erasure request is stored on Kafka.",
            headers = @Header(name = "Location", description = "The status path, as in `status`.",
                    schema = @Schema(type = "string", format = "uri-reference")),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErasureAccepted.class),
                    examples = @ExampleObject(name = "accepted", value = Examples.ERASURE_ACCEPTED)))
    @ApiResponse(responseCode = "400", description = "The user id breaks the rules of an event's userId, or the path "
            + "holds a raw `;` (`invalid-user-id`).",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemSchema.class),
                    examples = @ExampleObject(name = "invalid-user-id", value = Examples.INVALID_USER_ID)))
    @ApiResponse(responseCode = "500", description = "Kafka refused the request for good (`publish-failed`) or an "
            + "unexpected error occurred (`internal-error`); both are logged.",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemSchema.class),
                    examples = @ExampleObject(name = "publish-failed", value = Examples.ERASURE_PUBLISH_FAILED)))
    @ApiResponse(responseCode = "503", description = "Kafka did not confirm the request in time "
            + "(`broker-unavailable`); send it again after Retry-After seconds.",
            headers = @Header(name = "Retry-After", description = ApiDocs.RETRY_AFTER,
                    schema = @Schema(type = "integer", example = "5")),
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemSchema.class),
                    examples = @ExampleObject(name = "broker-unavailable", value = Examples.ERASURE_BROKER_UNAVAILABLE)))
    ResponseEntity<ErasureAccepted> erase(
            @Parameter(description = USER_ID, example = "shopper-42", schema = @Schema(maxLength = 256))
            String userId, HttpServletRequest request);

    /** The progress of the user's latest erasure, or 404 when none was requested. */
    @Operation(operationId = "erasureProgress", summary = "Follow a user's erasure", description = """
            Where the user's latest erasure stands: `completed` once every service holding per-user state \
            (privacy-filter, profile-updater, recommender-service) has confirmed this very request. The answer \
            names the user by nothing but the request id.""")
    @ApiResponse(responseCode = "200", description = "The latest erasure of the user and each service's progress.",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErasureProgress.class),
                    examples = @ExampleObject(name = "pending", value = Examples.ERASURE_PENDING)))
    @ApiResponse(responseCode = "400", description = "The user id breaks the rules of an event's userId, or the path "
            + "holds a raw `;` (`invalid-user-id`).",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemSchema.class)))
    @ApiResponse(responseCode = "404", description = "No erasure was requested for this user (`erasure-not-found`).",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemSchema.class),
                    examples = @ExampleObject(name = "erasure-not-found", value = Examples.ERASURE_NOT_FOUND)))
    @ApiResponse(responseCode = "500", description = "An unexpected error occurred (`internal-error`); it is logged.",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemSchema.class)))
    @ApiResponse(responseCode = "503", description = "The service has not finished reading the erasure statuses from "
            + "Kafka since it started (`erasure-status-unavailable`); ask again after Retry-After seconds.",
            headers = @Header(name = "Retry-After", description = ApiDocs.RETRY_AFTER,
                    schema = @Schema(type = "integer", example = "5")),
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemSchema.class),
                    examples = @ExampleObject(name = "erasure-status-unavailable",
                            value = Examples.ERASURE_STATUS_UNAVAILABLE)))
    ResponseEntity<ErasureProgress> progress(
            @Parameter(description = USER_ID, example = "shopper-42", schema = @Schema(maxLength = 256))
            String userId, HttpServletRequest request);
}
