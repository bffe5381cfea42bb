package io.profilestream.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class IngestPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(IngestProperties.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void shouldDefaultToOneMebibyteFiveHundredEventsTenSecondsFiveSeconds32MebibytesOneSecondAndTwoSeconds() {
        runner.run(context -> assertThat(context.getBean(IngestProperties.class)).isEqualTo(
                new IngestProperties(1_048_576, 500, Duration.ofSeconds(10), Duration.ofSeconds(5),
                        33_554_432, Duration.ofSeconds(1), Duration.ofSeconds(2))));
    }

    @Test
    void shouldRefuseToStartWithAZeroBatchSize() {
        runner.withPropertyValues("profilestream.ingest.max-batch-size=0").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("profilestream.ingest.max-batch-size must be at least 1"));
    }

    @Test
    void shouldRefuseToStartWithASubSecondSendTimeout() {
        runner.withPropertyValues("profilestream.ingest.send-timeout=500ms").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("profilestream.ingest.send-timeout must be at least 1s"));
    }

    @Test
    void shouldRefuseAnInFlightBoundSmallerThanOneMaximalBody() {
        runner.withPropertyValues("profilestream.ingest.max-body-bytes=4096", "profilestream.ingest.max-in-flight-bytes=4095")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining(
                        "profilestream.ingest.max-in-flight-bytes must be at least profilestream.ingest.max-body-bytes"));
    }

    @Test
    void shouldAcceptAnInFlightBoundOfExactlyOneMaximalBody() {
        runner.withPropertyValues("profilestream.ingest.max-body-bytes=4096", "profilestream.ingest.max-in-flight-bytes=4096")
                .run(context -> assertThat(context.getBean(IngestProperties.class).maxInFlightBytes()).isEqualTo(4096));
    }

    @Test
    void shouldRefuseAnInFlightBoundAbove512Mebibytes() {
        runner.withPropertyValues("profilestream.ingest.max-in-flight-bytes=536870913").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("profilestream.ingest.max-in-flight-bytes must be at most 512 MiB (536870912)"));
    }

    @Test
    void shouldAcceptAZeroBrokerBackoffAndRefuseANegativeOne() {
        runner.withPropertyValues("profilestream.ingest.broker-backoff=0s").run(context ->
                assertThat(context.getBean(IngestProperties.class).brokerBackoff()).isEqualTo(Duration.ZERO));
        runner.withPropertyValues("profilestream.ingest.broker-backoff=-1s").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("profilestream.ingest.broker-backoff must not be negative"));
    }

    @Test
    void shouldRoundRetryAfterUpToWholeSeconds() {
        IngestProperties properties = new IngestProperties(1024, 1, Duration.ofSeconds(1), Duration.ofMillis(1500),
                1024, Duration.ofMillis(1001), Duration.ZERO);

        assertThat(properties.retryAfterSeconds()).isEqualTo(2);
        assertThat(properties.overloadedRetryAfterSeconds()).isEqualTo(2);
    }
}
