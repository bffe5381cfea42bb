package io.profilestream.profileupdater.text;

import static io.profilestream.model.event.EventType.SEARCH;
import static io.profilestream.profileupdater.profile.TestEvents.T0;
import static io.profilestream.profileupdater.profile.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.TextSignals;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.profileupdater.profile.ProfileSettings;
import io.profilestream.profileupdater.profile.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The text wiring: off without models, a real query artifact loaded at start-up, a bad one refused. */
class TextConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ProfileSettings.class)
    static class ProfileSettingsConfig {
    }

    @TempDir
    Path dir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(ProfileSettingsConfig.class, TextConfiguration.class);

    @Test
    void shouldLeaveProfilesWithoutTextSignalsWithoutModels() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            TextSignalStep step = context.getBean(TextSignalStep.class);
            assertThat(step).isNotInstanceOf(ModelTextSignalStep.class);
            UserProfile p = UserProfile.empty(TestEvents.ALICE);
            assertThat(step.apply(p, event(SEARCH, T0).query("running shoes").build())).isSameAs(p.text());
        });
    }

    @Test
    void shouldLoadTheQueryModelArtifactWrittenByTheTrainer() throws Exception {
        Path model = dir.resolve("queries");
        TestTextModels.queries().save(model, Map.of());

        runner.withPropertyValues("profilestream.text.query-model=" + model).run(context -> {
            assertThat(context).hasNotFailed();
            ModelTextSignalStep step = context.getBean(ModelTextSignalStep.class);
            assertThat(step.sentiment()).isNull();
            assertThat(step.queries().version()).isEqualTo("queries-test-1");
            assertThat(step.apply(UserProfile.empty(TestEvents.ALICE), event(SEARCH, T0).query("running shoes").build()))
                    .isEqualTo(new TextSignals(0, 0.0, new DecayedScores(T0, Map.of("shoes", 0.75, "socks", 0.25))));
        });
    }

    @Test
    void shouldRefuseToStartWhenAConfiguredModelDirectoryDoesNotExist() {
        runner.withPropertyValues("profilestream.text.sentiment-model=" + dir.resolve("nope")).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(
                    "profilestream.text.sentiment-model is not a directory");
        });
    }

    @Test
    void shouldRefuseToStartWhenAConfiguredDirectoryHoldsNoModel() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));

        runner.withPropertyValues("profilestream.text.query-model=" + empty).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessage(empty.resolve("query-interests.json") + ": no such file (not a query-interests model directory)");
        });
    }
}
