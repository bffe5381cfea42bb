package io.profilestream.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.profilestream.model.security.ApiKeyProperties;
import io.profilestream.model.security.ApiRole;
import io.profilestream.model.security.LocalDevelopmentKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Start-up with and without API keys, through SpringApplication so that application.yml and
 * application-local.yml are read as in production.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiKeyStartupTest {

    private static final String PRODUCER = "--profilestream.security.producer-keys=a-real-producer-key-0123";
    private static final String ADMIN = "--profilestream.security.admin-keys=a-real-admin-key-0123456";

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ApiKeyProperties.class)
    @Import(ApiKeyConfiguration.class)
    static class Config {
    }

    private static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(Config.class).web(WebApplicationType.NONE).run(args);
    }

    @Test
    void shouldRefuseToStartWithoutAnAdminKeyOutsideTheLocalProfile() {
        assertThatThrownBy(() -> start(PRODUCER)).rootCause().hasMessage(
                "no ADMIN API key is configured: set profilestream.security.admin-keys (env "
                        + "PROFILESTREAM_SECURITY_ADMINKEYS, comma-separated, each at least 16 random characters) or "
                        + "profilestream.security.admin-key-files (env PROFILESTREAM_SECURITY_ADMINKEYFILES, files with one "
                        + "key per line), or run with the 'local' profile for a demo");
    }

    @Test
    void shouldRefuseToStartWithoutAProducerKeyOutsideTheLocalProfile() {
        assertThatThrownBy(() -> start(ADMIN)).rootCause().hasMessageStartingWith(
                "no PRODUCER API key is configured: set profilestream.security.producer-keys (env "
                        + "PROFILESTREAM_SECURITY_PRODUCERKEYS");
    }

    @Test
    void shouldRefuseToStartWithAKeyShorterThanSixteenCharacters() {
        assertThatThrownBy(() -> start(PRODUCER, "--profilestream.security.admin-keys=fifteen-chars-x")).rootCause()
                .hasMessage("one of the ADMIN API keys (profilestream.security.admin-keys or profilestream.security.admin-key-files) "
                        + "is shorter than 16 characters");
    }

    @Test
    void shouldStillTakeTheOldAdminKeyPropertyAsAnAdminKey(CapturedOutput output) {
        try (ConfigurableApplicationContext context = start(PRODUCER,
                "--profilestream.ingest.admin-key=the-old-admin-key-0123456")) {
            assertThat(context.getBean(ApiKeyProperties.class).resolve().get(ApiRole.ADMIN))
                    .containsExactly("the-old-admin-key-0123456");
        }
        assertThat(output.getAll()).doesNotContain("the-old-admin-key-0123456");
    }

    @Test
    void shouldStartWithKeyFilesAndNeverPrintTheKeys(@TempDir Path dir, CapturedOutput output) throws Exception {
        Path producer = dir.resolve("producer");
        Path admin = dir.resolve("admin");
        Files.writeString(producer, "file-producer-key-0123456\n");
        Files.writeString(admin, "  file-admin-key-0123456789  \n");
        try (ConfigurableApplicationContext context = start("--profilestream.security.producer-key-files=" + producer,
                "--profilestream.security.admin-key-files=" + admin)) {
            assertThat(context.getBean(ApiKeyProperties.class).resolve().get(ApiRole.ADMIN))
                    .containsExactly("file-admin-key-0123456789");
        }
        assertThat(output.getAll()).doesNotContain("file-producer-key-0123456").doesNotContain("file-admin-key-0123456789")
                .doesNotContain("public local-development API key");
    }

    @Test
    void shouldStartWithThePublicKeysQuietlyUnderTheLocalProfile(CapturedOutput output) {
        try (ConfigurableApplicationContext context = start("--spring.profiles.active=local")) {
            assertThat(context.getBean(ApiKeyProperties.class).resolve().get(ApiRole.PRODUCER))
                    .containsExactly(LocalDevelopmentKeys.PRODUCER);
        }
        assertThat(output.getAll()).doesNotContain("public local-development API key")
                .doesNotContain(LocalDevelopmentKeys.PRODUCER).doesNotContain(LocalDevelopmentKeys.ADMIN);
    }

    @Test
    void shouldWarnOnceWithoutPrintingItWhenAPublicKeyIsUsedOutsideTheLocalProfile(CapturedOutput output) {
        try (ConfigurableApplicationContext context = start(PRODUCER,
                "--profilestream.security.admin-keys=" + LocalDevelopmentKeys.ADMIN)) {
            assertThat(context.isRunning()).isTrue();
        }
        assertThat(output.getOut().lines().filter(line -> line.contains(
                "The public local-development API key of the role(s) [ADMIN] is configured outside the 'local' profile: "
                        + "anyone can use it. Never do this in production."))).hasSize(1);
        assertThat(output.getAll()).doesNotContain(LocalDevelopmentKeys.ADMIN);
    }
}
