package io.profilestream.recommender.config;

import io.profilestream.model.security.ApiKeyFilter;
import io.profilestream.model.security.ApiKeyProperties;
import io.profilestream.model.security.ApiRole;
import io.profilestream.model.security.EndpointRoles;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Recommendations, catalogue entries, demand, segments and the dashboard's JSON need a READER (or ADMIN) API key
 * ({@link ApiKeyFilter}). The dashboard page itself ({@code /dashboard/}) and the OpenAPI documents
 * load without one: the page asks for a key and sends it with each of its requests.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiKeyProperties.class)
public class ApiKeyConfiguration {

    /** The role each path requires; any other {@code /v1} path needs an ADMIN key. */
    public static final EndpointRoles ENDPOINTS = EndpointRoles.builder()
            .require("/v1/recommendations", ApiRole.READER)
            .require("/v1/items", ApiRole.READER)
            .require("/v1/dashboard", ApiRole.READER)
            .require("/v1/demand", ApiRole.READER)
            .require("/v1/segments", ApiRole.READER)
            .adminOtherwiseUnder("/v1")
            .build();

    /** The key check; binding the keys here makes a missing reader key fail start-up. */
    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ApiKeyProperties keys, Environment environment) {
        return ApiKeyFilter.registration(keys, ENDPOINTS, environment);
    }
}
