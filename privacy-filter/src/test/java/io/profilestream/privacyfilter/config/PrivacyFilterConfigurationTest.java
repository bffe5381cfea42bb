package io.profilestream.privacyfilter.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.config.StreamsProperties;
import io.profilestream.model.privacy.Pseudonymizer;
import io.profilestream.model.streams.ManagedKafkaStreams;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.LifecycleProcessor;

/**
 * The Spring wiring with application.yml loaded, without a broker: Spring's automatic start of
 * SmartLifecycle beans is switched off so Kafka Streams never tries to connect.
 */
@ExtendWith(OutputCaptureExtension.class)
class PrivacyFilterConfigurationTest {

    private static final String KEY = "configuration-test-key-0123456789abcdef";
    private static final String PREVIOUS_KEY = "configuration-previous-key-fedcba9876543210";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withUserConfiguration(PrivacyConfiguration.class, StreamsConfiguration.class)
            .withBean("lifecycleProcessor", LifecycleProcessor.class, NoAutoStart::new)
            .withPropertyValues("profilestream.kafka.bootstrap-servers=127.0.0.1:1");

    @Test
    void shouldRefuseToStartWithoutKeyOutsideLocalProfile() {
        // Explicitly empty, so a PROFILESTREAM_PRIVACY_HMAC_KEY in the build's environment cannot make this pass.
        runner.withPropertyValues("profilestream.privacy.hmac-key=").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("profilestream.privacy.hmac-key is not set. Set it (env PROFILESTREAM_PRIVACY_HMAC_KEY, "
                            + "at least 32 random characters, the same value in privacy-filter and recommender-service) "
                            + "or run with the 'local' profile for a demo.");
        });
    }

    @Test
    void shouldStartWithoutKeyUnderLocalProfile() {
        runner.withPropertyValues("spring.profiles.active=local").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Pseudonymizer.class).keyId()).isEqualTo("k1");
        });
    }

    @Test
    void shouldRaiseTheBurstLimitUnderLocalProfileBecauseItReplaysGeneratedTrafficFast() {
        runner.withPropertyValues("spring.profiles.active=local").run(context -> {
            FilterProperties filter = context.getBean(FilterProperties.class);
            assertThat(filter.botMaxEvents()).isEqualTo(100_000);
            assertThat(filter.botWindow()).isEqualTo(Duration.ofSeconds(10));
        });
    }

    @Test
    void shouldLeaveDeadLetterPayloadsOffUnderLocalProfile() {
        runner.withPropertyValues("spring.profiles.active=local").run(context ->
                assertThat(context.getBean(FilterProperties.class).deadLetterPayloads()).isFalse());
    }

    @Test
    void shouldKeepDeadLetterPayloadsOnlyWhenTheOperatorOptsIn() {
        runner.withPropertyValues("profilestream.privacy.hmac-key=" + KEY,
                "profilestream.filter.dead-letter-payloads=true").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(FilterProperties.class).deadLetterPayloads()).isTrue();
                });
    }

    @Test
    void shouldPseudonymiseWithConfiguredKey() {
        runner.withPropertyValues("profilestream.privacy.hmac-key=" + KEY, "profilestream.privacy.key-id=k7")
                .run(context -> {
                    Pseudonymizer pseudonymizer = context.getBean(Pseudonymizer.class);
                    assertThat(pseudonymizer.keyId()).isEqualTo("k7");
                    assertThat(pseudonymizer.user("shopper-1")).isEqualTo(hmac("USER", "shopper-1"));
                });
    }

    @Test
    void shouldRefuseShortKey() {
        runner.withPropertyValues("profilestream.privacy.hmac-key=too-short").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessage("profilestream.privacy.hmac-key is 9 bytes long; it must be at least 32");
        });
    }

    @Test
    void shouldHaveNoPreviousKeyOutsideARotation() {
        runner.withPropertyValues("profilestream.privacy.hmac-key=" + KEY).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(KeyRotation.class).previous()).isEmpty();
        });
    }

    @Test
    void shouldBuildThePreviousKeyAndLogOnlyKeyIdsDuringARotation(CapturedOutput output) {
        runner.withPropertyValues("profilestream.privacy.hmac-key=" + KEY, "profilestream.privacy.key-id=k7",
                "profilestream.privacy.previous-hmac-key=" + PREVIOUS_KEY, "profilestream.privacy.previous-key-id=k6")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Pseudonymizer previous = context.getBean(KeyRotation.class).previous().orElseThrow();
                    assertThat(previous.keyId()).isEqualTo("k6");
                    assertThat(previous.user("shopper-1")).isEqualTo(hmac(PREVIOUS_KEY, "USER", "shopper-1"));
                    assertThat(context.getBean(Pseudonymizer.class).keyId()).isEqualTo("k7");
                });
        assertThat(output.getOut()).contains("Key rotation grace period active: pseudonyms move from key id k6 to key id k7")
                .doesNotContain(KEY, PREVIOUS_KEY);
    }

    @Test
    void shouldRefuseAPreviousKeyIdEqualToTheCurrentOne() {
        runner.withPropertyValues("profilestream.privacy.hmac-key=" + KEY, "profilestream.privacy.key-id=k7",
                "profilestream.privacy.previous-hmac-key=" + PREVIOUS_KEY, "profilestream.privacy.previous-key-id=k7")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessage("profilestream.privacy.previous-key-id must be set and differ from "
                                    + "profilestream.privacy.key-id ('k7') while previous-hmac-key is set");
                });
    }

    @Test
    void shouldRefuseAShortPreviousKey() {
        runner.withPropertyValues("profilestream.privacy.hmac-key=" + KEY, "profilestream.privacy.key-id=k7",
                "profilestream.privacy.previous-hmac-key=too-short", "profilestream.privacy.previous-key-id=k6")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessage("profilestream.privacy.previous-hmac-key is 9 bytes long; it must be at least 32");
                });
    }

    @Test
    void shouldBindDefaultsFromApplicationYml() {
        runner.withPropertyValues("profilestream.privacy.hmac-key=" + KEY).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(FilterProperties.class))
                    .isEqualTo(new FilterProperties(Duration.ofHours(24), 1000, new BigDecimal("1000000"), Duration.ofMinutes(5),
                            Duration.ofDays(30), Duration.ofSeconds(10), 100, false));
            StreamsProperties streams = context.getBean(StreamsProperties.class);
            assertThat(streams.applicationId()).isEqualTo("privacy-filter");
            assertThat(streams.stateDir())
                    .isEqualTo(System.getProperty("java.io.tmpdir") + "/profilestream/privacy-filter");
            assertThat(context.getEnvironment().getProperty("server.port")).isEqualTo("8082");
            assertThat(context.getEnvironment().getProperty("server.address")).isEqualTo("127.0.0.1");
            assertThat(context.getEnvironment().getProperty("management.endpoints.web.exposure.include"))
                    .isEqualTo("health,info,prometheus");
        });
    }

    @Test
    void shouldExposeKafkaStreamsHealthThatIsDownUntilStreamsRuns() {
        runner.withPropertyValues("profilestream.privacy.hmac-key=" + KEY).run(context -> {
            assertThat(context.getBean(ManagedKafkaStreams.class).isRunning()).isFalse();
            Health health = context.getBean("kafkaStreams", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).isEqualTo(Map.of("state", "NOT_STARTED"));
        });
    }

    @Test
    void shouldRejectNonPositiveDedupeWindow() {
        assertInvalid("profilestream.filter.dedupe-window=0s",
                "profilestream.filter.dedupe-window must be positive, e.g. 24h");
    }

    @Test
    void shouldRejectNonPositiveMaxQuantity() {
        assertInvalid("profilestream.filter.max-quantity=0", "profilestream.filter.max-quantity must be at least 1");
    }

    @Test
    void shouldRejectNonPositiveMaxPrice() {
        assertInvalid("profilestream.filter.max-price=-1", "profilestream.filter.max-price must be positive");
    }

    @Test
    void shouldRequireBootstrapServers() {
        assertInvalid("profilestream.kafka.bootstrap-servers=",
                "set profilestream.kafka.bootstrap-servers (e.g. 127.0.0.1:19092)");
    }

    private void assertInvalid(String property, String message) {
        runner.withPropertyValues("profilestream.privacy.hmac-key=" + KEY, property).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining(message);
        });
    }

    private static String hmac(String domain, String id) throws Exception {
        return hmac(KEY, domain, id);
    }

    private static String hmac(String key, String domain, String id) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update(domain.getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) 0);
        return HexFormat.of().formatHex(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)));
    }

    /** Replaces Spring's lifecycle processor so the context refreshes without starting Kafka Streams. */
    static final class NoAutoStart implements LifecycleProcessor {
        @Override
        public void onRefresh() {
        }

        @Override
        public void onClose() {
        }

        @Override
        public void start() {
        }

        @Override
        public void stop() {
        }

        @Override
        public boolean isRunning() {
            return false;
        }
    }
}
