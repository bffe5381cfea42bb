package io.profilestream.profileupdater.neural;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class ModelSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ModelSettings.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void shouldHaveNoModelsDirectoryAndAFiveSecondPollByDefault() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ModelSettings.class)).isEqualTo(new ModelSettings(null, Duration.ofSeconds(5), false));
            assertThat(context.getBean(ModelSettings.class).enabled()).isFalse();
        });
    }

    @Test
    void shouldBindTheDirectoryAndPollInterval(@TempDir Path dir) {
        runner.withPropertyValues("profilestream.model.dir=" + dir, "profilestream.model.poll-interval=250ms")
                .run(context -> assertThat(context.getBean(ModelSettings.class))
                        .isEqualTo(new ModelSettings(dir, Duration.ofMillis(250), false)));
    }

    @Test
    void shouldBindReadinessDependingOnTheModel(@TempDir Path dir) {
        runner.withPropertyValues("profilestream.model.dir=" + dir, "profilestream.model.required-for-readiness=true")
                .run(context -> assertThat(context.getBean(ModelSettings.class))
                        .isEqualTo(new ModelSettings(dir, Duration.ofSeconds(5), true)));
    }

    @Test
    void shouldRefuseToRequireAModelForReadinessWithoutAModelsDirectory() {
        runner.withPropertyValues("profilestream.model.required-for-readiness=true")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("profilestream.model.required-for-readiness=true needs profilestream.model.dir: "
                                + "without a models directory no model is ever loaded and the instance would never become ready"));
    }

    @Test
    void shouldRefuseToStartWithATooShortPollInterval() {
        runner.withPropertyValues("profilestream.model.poll-interval=0s")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("profilestream.model.poll-interval must be at least 100ms"));
    }

    @Test
    void shouldRefuseToStartWhenTheModelsDirectoryIsAFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("models.txt"), "not a directory");

        runner.withPropertyValues("profilestream.model.dir=" + file)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("profilestream.model.dir must be a directory (or not exist yet), but it is a file"));
    }
}
