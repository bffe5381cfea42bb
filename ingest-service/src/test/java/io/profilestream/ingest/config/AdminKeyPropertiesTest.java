package io.profilestream.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Start-up with and without an admin key, through SpringApplication so that application.yml and
 * application-local.yml are read as in production.
 */
@ExtendWith(OutputCaptureExtension.class)
class AdminKeyPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(AdminKeyProperties.class)
    @Import(AdminApiConfiguration.class)
    static class Config {
    }

    private static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(Config.class).web(WebApplicationType.NONE).run(args);
    }

    @Test
    void shouldRefuseToStartWithoutAnAdminKeyOutsideTheLocalProfile() {
        assertThatThrownBy(AdminKeyPropertiesTest::start).rootCause().hasMessageContaining(
                "profilestream.ingest.admin-key is not set. Set it (env PROFILESTREAM_INGEST_ADMIN_KEY, at least 16 "
                        + "random characters) or run with the 'local' profile for a demo");
    }

    @Test
    void shouldRefuseToStartWithAnAdminKeyShorterThanSixteenCharacters() {
        assertThatThrownBy(() -> start("--profilestream.ingest.admin-key=fifteen-chars-x")).rootCause().hasMessageContaining(
                "profilestream.ingest.admin-key (env PROFILESTREAM_INGEST_ADMIN_KEY) must be at least 16 characters long");
    }

    @Test
    void shouldStartWithThePublicKeyAndWarnWithoutPrintingItUnderTheLocalProfile(CapturedOutput output) {
        try (ConfigurableApplicationContext context = start("--spring.profiles.active=local")) {
            assertThat(context.getBean(AdminKeyProperties.class).adminKey()).isEqualTo(AdminKeyProperties.LOCAL_DEVELOPMENT_KEY);
        }
        assertThat(output.getOut()).contains(
                "Using the public local-development admin key: anyone can erase users. Never do this in production.");
        assertThat(output.getOut()).doesNotContain(AdminKeyProperties.LOCAL_DEVELOPMENT_KEY);
    }

    @Test
    void shouldStartQuietlyWithAConfiguredKey(CapturedOutput output) {
        try (ConfigurableApplicationContext context = start("--profilestream.ingest.admin-key=a-real-secret-0123456789")) {
            assertThat(context.getBean(AdminKeyProperties.class).adminKey()).isEqualTo("a-real-secret-0123456789");
        }
        assertThat(output.getOut()).doesNotContain("local-development admin key").doesNotContain("a-real-secret-0123456789");
    }

    @Test
    void shouldRedactTheKeyInToString() {
        assertThat(new AdminKeyProperties("a-real-secret-0123456789")).hasToString("AdminKeyProperties[adminKey=<redacted>]");
        assertThat(new AdminKeyProperties(null)).hasToString("AdminKeyProperties[adminKey=<unset>]");
    }
}
