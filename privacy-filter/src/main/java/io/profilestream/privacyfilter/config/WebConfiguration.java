package io.profilestream.privacyfilter.config;

import io.profilestream.model.web.RequestIdConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The HTTP side of the privacy filter, which serves the actuator endpoints only: every request
 * gets an {@code X-Request-Id} that also tags its log lines ({@link RequestIdConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@Import(RequestIdConfiguration.class)
public class WebConfiguration {
}
