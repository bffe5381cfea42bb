package io.profilestream.recommender;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The whole application as {@code java -jar} would start it outside the {@code local} profile.
 * Only failing start-ups are run here: a successful one would start Kafka Streams, and these tests
 * use no broker. The pseudonymisation key is set, so the master key is what start-up trips on.
 */
class RecommenderApplicationStartupTest {

    static final String HMAC_KEY = "--profilestream.privacy.hmac-key=startup-test-hmac-key-0123456789abcdef";

    static SpringApplicationBuilder app() {
        return new SpringApplicationBuilder(RecommenderApplication.class).web(WebApplicationType.NONE);
    }

    @Test
    void shouldRefuseToStartWithoutMasterKeyOutsideLocalProfile() {
        assertThatThrownBy(() -> app().run(
                "--profilestream.kafka.bootstrap-servers=127.0.0.1:1",
                HMAC_KEY,
                // Explicitly empty, so a key in the environment of the build cannot make this pass.
                "--profilestream.encryption.master-key=",
                "--spring.profiles.active=default"))
                .rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("profilestream.encryption.master-key is not set. Set it (env PROFILESTREAM_ENCRYPTION_MASTER_KEY, "
                        + "at least 32 random characters, the same value in profile-updater and recommender-service) "
                        + "or run with the 'local' profile for a demo.");
    }

    @Test
    void shouldRefuseAMasterKeyShorterThan32Characters() {
        assertThatThrownBy(() -> app().run(
                "--profilestream.kafka.bootstrap-servers=127.0.0.1:1",
                HMAC_KEY,
                "--profilestream.encryption.master-key=too-short",
                "--spring.profiles.active=default"))
                .rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("profilestream.encryption.master-key is 9 characters long; it must be at least 32");
    }

    @Test
    void shouldRefuseAnHourlyDemandEpsilonWhoseDayExceedsTheBudget(@TempDir Path stateDir) {
        assertThatThrownBy(() -> app().run(
                "--profilestream.kafka.bootstrap-servers=127.0.0.1:1",
                "--profilestream.streams.state-dir=" + stateDir,
                "--profilestream.demand.hourly-epsilon=0.05",
                "--spring.profiles.active=local"))
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("profilestream.demand.hourly-epsilon (0.05) times the 24 hourly category releases of one "
                        + "budget period (profilestream.dp.period PT24H) is 1.2, more than profilestream.dp.budget-epsilon "
                        + "(1.0): the rule is hourly-epsilon × 24 <= budget-epsilon, so set hourly-epsilon to at most "
                        + "0.041666666666666664 or leave it unset for that");
    }
}
