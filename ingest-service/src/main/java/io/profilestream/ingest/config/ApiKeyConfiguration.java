package io.profilestream.ingest.config;

import io.profilestream.model.security.ApiKeyFilter;
import io.profilestream.model.security.ApiKeyProperties;
import io.profilestream.model.security.ApiRole;
import io.profilestream.model.security.EndpointRoles;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Puts every endpoint behind an API key of its role ({@link ApiKeyFilter}): shops' producers post
 * events and catalogue entries, only admins erase users and read erasure status. Matching by path
 * prefix means an endpoint added under {@code /v1/users} later is guarded too, and any other
 * {@code /v1} path needs an admin key until it is given a role here.
 */
@Configuration(proxyBeanMethods = false)
public class ApiKeyConfiguration {

    /** The role each ingest path requires. */
    public static final EndpointRoles ENDPOINTS = EndpointRoles.builder()
            .require("/v1/events", ApiRole.PRODUCER)
            .require("/v1/items", ApiRole.PRODUCER)
            .require("/v1/users", ApiRole.ADMIN)
            .adminOtherwiseUnder("/v1")
            .build();

    /** The filter; binding the keys here makes a missing producer or admin key fail start-up. */
    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ApiKeyProperties keys, Environment environment) {
        return ApiKeyFilter.registration(keys, ENDPOINTS, environment);
    }
}
