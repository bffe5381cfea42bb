package io.profilestream.profileupdater.query.openapi;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

/**
 * The OpenAPI schema of every error answer ({@code application/problem+json}, RFC 9457), with the
 * extension members the profile lookup adds. The answers themselves are Spring
 * {@code ProblemDetail}s built by {@code ProfileProblems}; this record only describes them and is
 * never instantiated.
 */
@Schema(name = "Problem", description = """
        An RFC 9457 problem. `type` names the problem precisely; the extension members after `instance` are \
        present only for the problem types that name them.""")
public record ProblemSchema(
        @Schema(requiredMode = RequiredMode.REQUIRED, format = "uri", description = """
                `urn:profilestream:problem:<slug>`. Slugs: `unauthenticated`, `forbidden`, `invalid-user-key`, \
                `profile-not-found`, `profile-unavailable`; other refusals of the HTTP layer (unknown path, wrong method...) are problems \
                of type `about:blank`.""", example = "urn:profilestream:problem:profile-not-found")
        String type,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "Short summary of the problem type.",
                example = "Profile not found")
        String title,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "The HTTP status.", example = "404")
        int status,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "What went wrong with this request.",
                example = "no events have been received for this user")
        String detail,
        @Schema(requiredMode = RequiredMode.REQUIRED, format = "uri-reference", description = "The request path.",
                example = "/v1/profiles/7c4a8d09ca3762af61e59520943dc26494f8941b6a2f0e8a7b9d5c3e1f2a4b6c")
        String instance,
        @Schema(description = "`invalid-user-key`: the form a user key must have. The rejected value is not echoed: "
                + "it may be a raw (personal) user id.", example = "64 lower-case hex characters")
        String expected,
        @Schema(description = "`profile-not-found`: the user key that was looked up.",
                example = "7c4a8d09ca3762af61e59520943dc26494f8941b6a2f0e8a7b9d5c3e1f2a4b6c")
        String userKey,
        @Schema(description = "`profile-unavailable`: seconds to wait before retrying, as in the Retry-After header.",
                example = "1")
        Integer retryAfterSeconds,
        @Schema(description = "`unauthenticated`, `forbidden`: the API-key role the endpoint requires.",
                example = "READER")
        String requiredRole) {
}
