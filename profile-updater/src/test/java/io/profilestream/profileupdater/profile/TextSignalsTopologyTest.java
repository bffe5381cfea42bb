package io.profilestream.profileupdater.profile;

import static io.profilestream.model.event.EventType.REVIEW;
import static io.profilestream.model.event.EventType.SEARCH;
import static io.profilestream.model.event.EventType.VIEW;
import static io.profilestream.profileupdater.profile.TestEvents.ALICE;
import static io.profilestream.profileupdater.profile.TestEvents.T0;
import static io.profilestream.profileupdater.profile.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.profilestream.model.event.CleanEvent;
import io.profilestream.model.profile.DecayedScores;
import io.profilestream.model.profile.TextSignals;
import io.profilestream.model.profile.UserProfile;
import io.profilestream.model.serde.Json;
import io.profilestream.model.topic.Topics;
import io.profilestream.profileupdater.neural.NeuralStep;
import io.profilestream.profileupdater.query.ProfileView;
import io.profilestream.profileupdater.text.ModelTextSignalStep;
import io.profilestream.profileupdater.text.TestTextModels;
import io.profilestream.profileupdater.text.TextSignalStep;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@link ProfileTopology} with the text step: a search then a view of the searched
 * category must leave the query's category weights on the stored and emitted profile, and without
 * a text step the profile must not carry (or write) any text signal.
 */
class TextSignalsTopologyTest {

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, CleanEvent> cleanEvents;
    private SealedOutputs outputs;

    private void start(TextSignalStep step) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "profile-updater");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        ProfileTopology.Deps deps = new ProfileTopology.Deps(ProfileSettings.defaults(), NeuralStep.disabled(),
                TestCipher.CIPHER, Clock.systemUTC(), new SimpleMeterRegistry(), step);
        driver = new TopologyTestDriver(ProfileTopology.build(deps), props);
        cleanEvents = driver.createInputTopic(Topics.CLEAN_EVENTS.name(),
                Topics.CLEAN_EVENTS.keySerde().serializer(), Topics.CLEAN_EVENTS.valueSerde().serializer());
        outputs = new SealedOutputs(driver);
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
    }

    private void pipe(TestEvents e) {
        CleanEvent event = e.session("s1").build();
        cleanEvents.pipeInput(event.userKey(), event, event.eventTime());
    }

    /** A search, the view it led to a minute later, then a review a day later. */
    private void pipeSearchViewReview() {
        pipe(event(SEARCH, T0).query("running shoes"));
        pipe(event(VIEW, T0.plusSeconds(60)).item("i1").category("shoes"));
        pipe(event(REVIEW, T0.plus(Duration.ofDays(1))).item("i1").category("shoes").review("great fit"));
    }

    @Test
    void shouldKeepTheSearchedCategoriesOnTheStoredProfileAfterTheView() {
        start(new ModelTextSignalStep(TestTextModels.sentiment(), TestTextModels.queries(), ProfileSettings.defaults()));

        pipe(event(SEARCH, T0).query("running shoes"));
        pipe(event(VIEW, T0.plusSeconds(60)).item("i1").category("shoes"));

        DecayedScores interests = new DecayedScores(T0, Map.of("shoes", 0.75, "socks", 0.25));
        List<TextSignals> emitted = outputs.readProfiles().stream().map(kv -> kv.value.text()).toList();
        assertThat(emitted).containsExactly(new TextSignals(0, 0.0, interests), new TextSignals(0, 0.0, interests));
        UserProfile stored = outputs.stored(ALICE);
        assertThat(stored.text()).isEqualTo(new TextSignals(0, 0.0, interests));
        // The view moves category affinity, not query interests (the search named no category).
        assertThat(stored.categoryAffinity()).isEqualTo(new DecayedScores(T0.plusSeconds(60), Map.of("shoes", 1.0)));
        assertThat(ProfileView.of(stored).topQueryInterests()).containsExactly(Map.entry("shoes", 0.75),
                Map.entry("socks", 0.25));
    }

    @Test
    void shouldAddTheReviewSentimentToTheSameProfile() {
        start(new ModelTextSignalStep(TestTextModels.sentiment(), TestTextModels.queries(), ProfileSettings.defaults()));

        pipeSearchViewReview();

        assertThat(outputs.stored(ALICE).text()).isEqualTo(new TextSignals(1, 0.5,
                new DecayedScores(T0, Map.of("shoes", 0.75, "socks", 0.25))));
    }

    @Test
    void shouldWriteProfilesWithoutTextSignalsWhenTheStepIsDisabled() throws Exception {
        start(TextSignalStep.disabled());

        pipeSearchViewReview();

        UserProfile stored = outputs.stored(ALICE);
        assertThat(stored.text()).isEqualTo(TextSignals.empty());
        assertThat(stored.eventCount()).isEqualTo(3);
        assertThat(Json.mapper().readTree(Json.mapper().writeValueAsBytes(stored)).has("text")).isFalse();
        assertThat(ProfileView.of(stored).topQueryInterests()).isNull();
    }
}
