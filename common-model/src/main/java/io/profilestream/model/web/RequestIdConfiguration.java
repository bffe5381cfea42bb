package io.profilestream.model.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Registers {@link RequestIdFilter} first in the chain, so even the problem+json answers of
 * rejected requests carry the id. Imported by each service's web configuration.
 */
@Configuration(proxyBeanMethods = false)
public class RequestIdConfiguration {

    /** The filter, ordered before Spring Security, metrics and error handling filters. */
    @Bean
    public FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
