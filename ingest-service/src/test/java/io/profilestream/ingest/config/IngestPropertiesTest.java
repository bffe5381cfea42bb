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
    void shouldDefaultToOneMebibyteFiveHundredEventsTenSecondsAndFiveSeconds() {
        runner.run(context -> assertThat(context.getBean(IngestProperties.class)).isEqualTo(
                new IngestProperties(1_048_576, 500, Duration.ofSeconds(10), Duration.ofSeconds(5))));
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
    void shouldRoundRetryAfterUpToWholeSeconds() {
        assertThat(new IngestProperties(1024, 1, Duration.ofSeconds(1), Duration.ofMillis(1500)).retryAfterSeconds())
                .isEqualTo(2);
    }
}
