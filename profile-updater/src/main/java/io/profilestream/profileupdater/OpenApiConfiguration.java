package io.profilestream.profileupdater;

import io.profilestream.model.security.ApiKeyOpenApi;
import io.profilestream.model.web.RequestIdOpenApi;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The document-wide parts of the OpenAPI description served at {@code /v3/api-docs} (checked in as
 * {@code docs/openapi/profile-updater.json}): title, a relative server URL so the document is the
 * same on every host, the API-key security scheme with the 401/403 answers of the guarded
 * operation, and the {@code X-Request-Id} header of every operation. The operation itself
 * is described on {@code io.profilestream.profileupdater.query.openapi.ProfilesApi}, which the
 * controller implements.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info = @Info(title = "ProfileStream profile-updater", version = "v1", description = """
                Serves the current profile of each pseudonymous shopper, folded from the clean event stream within \
                milliseconds: explicit features and the next-item LSTM state. Every error is an RFC 9457 \
                `application/problem+json` document whose `type` is `urn:profilestream:problem:<slug>`."""),
        servers = @Server(url = "/", description = "The service that serves this document"))
public class OpenApiConfiguration {

    /**
     * Declares the API-key scheme and the key's answers of each guarded operation, then the
     * X-Request-Id header, accepted and answered by every operation (those answers included).
     */
    @Bean
    OpenApiCustomizer requestIdHeaderCustomizer() {
        return openApi -> {
            ApiKeyOpenApi.addApiKeySecurity(openApi, WebConfiguration.ENDPOINTS);
            RequestIdOpenApi.addRequestIdHeader(openApi);
        };
    }
}
