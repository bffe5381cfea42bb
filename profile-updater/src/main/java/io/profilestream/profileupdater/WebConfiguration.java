package io.profilestream.profileupdater;

import io.profilestream.model.security.ApiKeyFilter;
import io.profilestream.model.security.ApiKeyProperties;
import io.profilestream.model.security.ApiRole;
import io.profilestream.model.security.EndpointRoles;
import io.profilestream.model.web.RequestIdConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The HTTP side of the service: every request gets an {@code X-Request-Id} that also tags its log
 * lines ({@link RequestIdConfiguration}), and profile lookups need a READER (or ADMIN) API key
 * ({@link ApiKeyFilter}). Not on the application class, so web-slice tests keep their narrow context.
 */
@Configuration(proxyBeanMethods = false)
@Import(RequestIdConfiguration.class)
@EnableConfigurationProperties(ApiKeyProperties.class)
public class WebConfiguration {

    /** The role each path requires; any other {@code /v1} path needs an ADMIN key. */
    public static final EndpointRoles ENDPOINTS = EndpointRoles.builder()
            .require("/v1/profiles", ApiRole.READER)
            .adminOtherwiseUnder("/v1")
            .build();

    /** The key check; binding the keys here makes a missing reader key fail start-up. */
    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ApiKeyProperties keys, Environment environment) {
        return ApiKeyFilter.registration(keys, ENDPOINTS, environment);
    }
}
