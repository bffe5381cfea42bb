package io.profilestream.recommender.config;

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
 * {@code docs/openapi/recommender-service.json}): title, a relative server URL so the document is
 * the same on every host, the API-key security scheme with the 401/403 answers of every guarded
 * operation, and the {@code X-Request-Id} header every operation accepts and answers
 * ({@link io.profilestream.model.web.RequestIdFilter}). The operations are described on the controllers. Written like the
 * ingest-service's and profile-updater's, so the three documents read alike.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info = @Info(title = "ProfileStream recommender-service", version = "v1", description = """
                Serves personalised recommendations, with what each score is made of, from shopper profiles kept \
                up to date within milliseconds, and the item catalogue they are made from. Every error is an \
                RFC 9457 `application/problem+json` document whose `type` is `urn:profilestream:problem:<slug>`."""),
        servers = @Server(url = "/", description = "The service that serves this document"))
public class OpenApiConfiguration {

    /**
     * Declares the API-key scheme and the key's answers of each guarded operation, then the
     * X-Request-Id header, accepted and answered by every operation (those answers included).
     */
    @Bean
    OpenApiCustomizer requestIdHeaderCustomizer() {
        return openApi -> {
            ApiKeyOpenApi.addApiKeySecurity(openApi, ApiKeyConfiguration.ENDPOINTS);
            RequestIdOpenApi.addRequestIdHeader(openApi);
        };
    }
}
