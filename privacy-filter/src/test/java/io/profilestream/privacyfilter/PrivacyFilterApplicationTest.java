package io.profilestream.privacyfilter;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The whole application as {@code java -jar} would start it. Only the failing start-up is run
 * here: a successful one would start Kafka Streams, and these tests use no broker.
 */
class PrivacyFilterApplicationTest {

    @Test
    void shouldRefuseToStartWithoutHmacKeyOutsideLocalProfile() {
        SpringApplicationBuilder app = new SpringApplicationBuilder(PrivacyFilterApplication.class)
                .web(WebApplicationType.NONE);

        assertThatThrownBy(() -> app.run(
                "--profilestream.kafka.bootstrap-servers=127.0.0.1:1",
                // Explicitly empty, so a key in the environment of the build cannot make this pass.
                "--profilestream.privacy.hmac-key=",
                "--spring.profiles.active=default"))
                .rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("profilestream.privacy.hmac-key is not set. Set it (env PROFILESTREAM_PRIVACY_HMAC_KEY, "
                        + "at least 32 random characters, the same value in privacy-filter and recommender-service) "
                        + "or run with the 'local' profile for a demo.");
    }
}
