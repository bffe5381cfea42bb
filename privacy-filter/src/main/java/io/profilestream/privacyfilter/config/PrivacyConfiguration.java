package io.profilestream.privacyfilter.config;

import io.profilestream.model.config.PrivacyProperties;
import io.profilestream.model.privacy.Pseudonymizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * The pseudonymisation key. Kept apart from the Streams wiring so a missing key fails start-up
 * on its own, with the Pseudonymizer's message, before anything connects to Kafka.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PrivacyProperties.class)
public class PrivacyConfiguration {

    /** Refuses to start without a key unless the {@code local} profile is active. */
    @Bean
    public Pseudonymizer pseudonymizer(PrivacyProperties privacy, Environment environment) {
        return Pseudonymizer.fromProperties(privacy, environment.acceptsProfiles(Profiles.of("local")));
    }
}
