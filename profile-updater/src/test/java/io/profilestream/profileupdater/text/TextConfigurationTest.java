package io.profilestream.profileupdater.text;

import static io.profilestream.model.event.EventType.REVIEW;
import static io.profilestream.model.event.EventType.SEARCH;
import static io.profilestream.profileupdater.profile.TestEvents.T0;
import static io.profilestream.profileupdater.profile.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.ml.text.Dl4jSentimentModel;
import io.profilestream.ml.text.Sentiment;
import io.profilestream.ml.text.SentimentTrainingConfig;
import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.TextSignals;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.profileupdater.profile.ProfileSettings;
import io.profilestream.profileupdater.profile.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The text wiring: off without models, real query and DL4J sentiment artifacts loaded at start-up, a bad one refused. */
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
    void shouldScoreReviewsWithTheDl4jSentimentArtifactWrittenByTheTrainer() throws Exception {
        // A real DL4J model, trained on a tiny separable set and saved as the trainer saves it (the
        // other profile tests use fixed scores so their expected values stay exact).
        Dl4jSentimentModel trained = Dl4jSentimentModel.train(
                List.of("great love", "love great", "great", "awful hate", "hate awful", "okay average", "average okay"),
                List.of(Sentiment.POSITIVE, Sentiment.POSITIVE, Sentiment.POSITIVE, Sentiment.NEGATIVE, Sentiment.NEGATIVE,
                        Sentiment.NEUTRAL, Sentiment.NEUTRAL),
                new SentimentTrainingConfig(8, false, 1, 1000, 150, 10, 0.05, 0, true, 7), "sentiment-test-1");
        Path model = trained.save(dir.resolve("sentiment"), "test", Map.of());
        UserProfile alice = UserProfile.empty(TestEvents.ALICE);
        var review = event(REVIEW, T0).item("i1").review("hate awful").build();

        runner.withPropertyValues("profilestream.text.sentiment-model=" + model).run(context -> {
            assertThat(context).hasNotFailed();
            ModelTextSignalStep step = context.getBean(ModelTextSignalStep.class);
            assertThat(step.queries()).isNull();
            assertThat(step.sentiment().version()).isEqualTo("sentiment-test-1");
            // The loaded artifact scores as the trained network does, and the profile takes that score.
            assertThat(step.sentiment().score("hate awful")).isEqualTo(trained.score("hate awful"));
            assertThat(step.apply(alice, review))
                    .isEqualTo(new ModelTextSignalStep(trained, null, ProfileSettings.defaults()).apply(alice, review));
            assertThat(step.apply(alice, review).reviewsScored()).isEqualTo(1);
            assertThat(step.apply(alice, review).meanPolarity()).isNegative();
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
