package io.profilestream.profileupdater.query.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;

/** The OpenAPI description of the profile lookup; implemented by {@code ProfileController}. */
@Tag(name = "Profiles", description = "The current profile of a pseudonymous shopper")
public interface ProfilesApi {

    /** Description of the Retry-After header of 503 answers. */
    String RETRY_AFTER = "Seconds to wait before retrying (1).";

    /**
     * The current profile of one user.
     *
     * @param userKey   the user's pseudonym
     * @param forwarded set by another instance that forwarded the request (internal)
     */
    @Operation(operationId = "getProfile", summary = "Get a user's profile", description = """
            The user's current profile, updated within milliseconds of each event. Any instance answers: one that \
            does not hold the user's partition asks the instance that does and passes its answer on unchanged \
            (errors included). The user is named by their pseudonym, never by the shop's user id: the same \
            `userKey` the recommender-service and the profiles topic use.""")
    @ApiResponse(responseCode = "200", description = "The profile.",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ProfileSchema.class),
                    examples = @ExampleObject(name = "profile", summary = "A shopper with a model-stepped session",
                            value = Examples.PROFILE)))
    @ApiResponse(responseCode = "400", description = "The key is not a pseudonym: 64 lower-case hex characters "
            + "(`invalid-user-key`). The rejected value is not echoed.",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemSchema.class),
                    examples = @ExampleObject(name = "invalid-user-key", value = Examples.INVALID_USER_KEY)))
    @ApiResponse(responseCode = "404", description = "No profile exists for the user: no event was received for "
            + "them, or they were erased, withdrew consent or expired (`profile-not-found`).",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemSchema.class),
                    examples = @ExampleObject(name = "profile-not-found", value = Examples.PROFILE_NOT_FOUND)))
    @ApiResponse(responseCode = "503", description = "The profile cannot be read right now, although it may exist: "
            + "Kafka Streams is starting, restoring or rebalancing, or the owning instance did not answer "
            + "(`profile-unavailable`). Retry after Retry-After seconds.",
            headers = @Header(name = "Retry-After", description = RETRY_AFTER,
                    schema = @Schema(type = "integer", example = "1")),
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ProblemSchema.class),
                    examples = {
                            @ExampleObject(name = "store-not-queryable", value = Examples.STORE_NOT_QUERYABLE),
                            @ExampleObject(name = "owner-unreachable", value = Examples.OWNER_UNREACHABLE)}))
    ResponseEntity<byte[]> profile(
            @Parameter(in = ParameterIn.PATH, required = true, description = """
                    The user's pseudonym: HMAC-SHA256 of the shop's user id as 64 lower-case hex characters, as \
                    made by the privacy filter.""", example = Examples.USER_KEY,
                    schema = @Schema(type = "string", pattern = "^[0-9a-f]{64}$"))
            String userKey,
            // Internal: instances set it on forwarded lookups so the owner never forwards again.
            @Parameter(hidden = true)
            boolean forwarded) throws JsonProcessingException;
}
