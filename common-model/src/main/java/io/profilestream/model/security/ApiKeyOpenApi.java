package io.profilestream.model.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import java.util.Optional;

/**
 * Declares the {@value #SCHEME} security scheme once per OpenAPI document and, on every operation
 * whose path requires a role ({@link EndpointRoles}), the requirement and the 401 and 403 answers
 * of {@link ApiKeyFilter}, so the documents say exactly what the filter enforces. The answers refer
 * to the service's {@code Problem} schema. Each service calls it from its springdoc
 * {@code OpenApiCustomizer}, before {@code RequestIdOpenApi} (which adds the request-id header to
 * every answer, these included).
 */
public final class ApiKeyOpenApi {

    /** Name of the security scheme. */
    public static final String SCHEME = "ApiKey";

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";

    private ApiKeyOpenApi() {
    }

    /** Adds the scheme, and to each guarded operation its requirement and 401/403 answers. */
    public static void addApiKeySecurity(OpenAPI openApi, EndpointRoles endpoints) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents().addSecuritySchemes(SCHEME, new SecurityScheme()
                .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name(LocalDevelopmentKeys.HEADER)
                .description("An API key of the role the operation requires (PRODUCER, READER or ADMIN; an ADMIN key "
                        + "may call every operation), configured with profilestream.security.<role>-keys or "
                        + "<role>-key-files. Operations without a security requirement need no key."));
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> {
            Optional<ApiRole> required = endpoints.requiredFor(path);
            required.ifPresent(role -> item.readOperations().forEach(operation -> guard(operation, role)));
        });
    }

    private static void guard(Operation operation, ApiRole role) {
        operation.addSecurityItem(new SecurityRequirement().addList(SCHEME));
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        operation.getResponses().addApiResponse("401", new ApiResponse()
                .description("The " + LocalDevelopmentKeys.HEADER + " header is missing or holds no known API key "
                        + "(`unauthenticated`); this operation needs a key with the " + role + " role.")
                .addHeaderObject("WWW-Authenticate", new Header().description("`" + ApiKeyFilter.CHALLENGE + "`")
                        .schema(new StringSchema()))
                .content(problem("unauthenticated", Map.of(
                        "type", ApiKeyFilter.UNAUTHENTICATED, "title", "Unauthenticated", "status", 401,
                        "detail", "this endpoint needs an API key with the " + role + " role in the X-Api-Key header",
                        "requiredRole", role.name()))));
        operation.getResponses().addApiResponse("403", new ApiResponse()
                .description("The API key is known but has neither the " + role + " role nor the ADMIN role (`forbidden`).")
                .content(problem("forbidden", Map.of(
                        "type", ApiKeyFilter.FORBIDDEN, "title", "Forbidden", "status", 403,
                        "detail", "this API key has the " + (role == ApiRole.READER ? ApiRole.PRODUCER : ApiRole.READER)
                                + " role; this endpoint needs the " + role + " role",
                        "requiredRole", role.name()))));
    }

    private static Content problem(String name, Map<String, Object> example) {
        return new Content().addMediaType(PROBLEM_JSON, new MediaType()
                .schema(new Schema<>().$ref(PROBLEM_SCHEMA))
                .addExamples(name, new Example().value(new java.util.TreeMap<>(example))));
    }
}
