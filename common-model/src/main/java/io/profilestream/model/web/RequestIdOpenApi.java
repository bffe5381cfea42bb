package io.profilestream.model.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;

/**
 * Declares {@link RequestIdFilter}'s {@value RequestIdFilter#HEADER} header once per OpenAPI
 * document (component {@value #COMPONENT}) and refers to it from every operation and response, so
 * the three services' documents describe it identically. Each service registers it as a springdoc
 * {@code OpenApiCustomizer}: {@code RequestIdOpenApi::addRequestIdHeader}.
 */
public final class RequestIdOpenApi {

    /** Component name of the request-id parameter and header. */
    public static final String COMPONENT = RequestIdFilter.HEADER;

    private RequestIdOpenApi() {
    }

    /** Adds the header components and references them from every operation of {@code openApi}. */
    public static void addRequestIdHeader(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents()
                .addParameters(COMPONENT, new Parameter().in("header").name(RequestIdFilter.HEADER).required(false)
                        .description("The caller's id for the request: up to 64 letters, digits, '.', '_' and '-'. "
                                + "Any other value is replaced by a new id; answered in the X-Request-Id header.")
                        .schema(new StringSchema().pattern("^[A-Za-z0-9._-]{1,64}$")))
                .addHeaders(COMPONENT, new Header()
                        .description("The request's id: the caller's X-Request-Id if acceptable, else a new UUID. "
                                + "Every log line written for the request carries it; quote it when reporting a problem.")
                        .schema(new StringSchema()));
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
            operation.addParametersItem(new Parameter().$ref("#/components/parameters/" + COMPONENT));
            if (operation.getResponses() != null) {
                operation.getResponses().values().forEach(response -> response.addHeaderObject(RequestIdFilter.HEADER,
                        new Header().$ref("#/components/headers/" + COMPONENT)));
            }
        }));
    }
}
