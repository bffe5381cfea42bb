package io.profilestream.profileupdater;

import io.profilestream.model.web.RequestIdConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The HTTP side of the service: every request gets an {@code X-Request-Id} that also tags its log
 * lines ({@link RequestIdConfiguration}). Not on the application class, so web-slice tests keep
 * their narrow context.
 */
@Configuration(proxyBeanMethods = false)
@Import(RequestIdConfiguration.class)
public class WebConfiguration {
}
