package io.profilestream.privacyfilter.config;

import io.profilestream.model.config.PrivacyProperties;
import io.profilestream.model.privacy.Pseudonymizer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * The pseudonymisation keys. Kept apart from the Streams wiring so a missing or bad key fails
 * start-up on its own, with the Pseudonymizer's message, before anything connects to Kafka.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PrivacyProperties.class)
public class PrivacyConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(PrivacyConfiguration.class);

    /** Refuses to start without a key unless the {@code local} profile is active. */
    @Bean
    public Pseudonymizer pseudonymizer(PrivacyProperties privacy, Environment environment) {
        return Pseudonymizer.fromProperties(privacy, environment.acceptsProfiles(Profiles.of("local")));
    }

    /**
     * The previous key during a rotation's grace period; refuses to start when it is too short or
     * its id is missing or equal to the current key's.
     */
    @Bean
    public KeyRotation keyRotation(PrivacyProperties privacy, Pseudonymizer pseudonymizer) {
        Optional<Pseudonymizer> previous = Pseudonymizer.previousFromProperties(privacy);
        // Key ids only, never the keys: the log must not become a copy of the secret.
        previous.ifPresent(old -> LOG.info("Key rotation grace period active: pseudonyms move from key id {} to key "
                + "id {}; users are announced on the rekeys topic at their first event", old.keyId(),
                pseudonymizer.keyId()));
        return new KeyRotation(previous);
    }
}
