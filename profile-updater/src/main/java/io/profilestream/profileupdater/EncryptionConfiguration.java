package io.profilestream.profileupdater;

import io.profilestream.model.config.EncryptionProperties;
import io.profilestream.model.crypto.UserDataCipher;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * The master key that wraps the users' data keys. Kept apart from the Streams wiring so a missing
 * key fails start-up on its own, with the cipher's message, before anything connects to Kafka.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EncryptionProperties.class)
public class EncryptionConfiguration {

    /** Refuses to start without a master key unless the {@code local} profile is active. */
    @Bean
    public UserDataCipher userDataCipher(EncryptionProperties encryption, Environment environment) {
        return UserDataCipher.fromProperties(encryption, environment.acceptsProfiles(Profiles.of("local")));
    }
}
