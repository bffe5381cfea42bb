package io.profilestream.profileupdater.text;

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
import io.profilestream.profileupdater.profile.ProfileSettings;
import io.profilestream.profileupdater.profile.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The text step on literal events; the half-life is the default affinity half-life, 7 days. */
class ModelTextSignalStepTest {

    private static final Duration WEEK = Duration.ofDays(7);

    private final ModelTextSignalStep both = new ModelTextSignalStep(TestTextModels.sentiment(), TestTextModels.queries(),
            ProfileSettings.defaults());

    /** Folds the events in order, as the profile processor does: each step sees the previous result. */
    private static UserProfile run(TextSignalStep step, TestEvents... events) {
        UserProfile p = UserProfile.empty(ALICE);
        for (TestEvents e : events) {
            CleanEvent event = e.build();
            p = p.withText(step.apply(p, event));
        }
        return p;
    }

    @Test
    void shouldAddTheQueryCategoryWeightsOfASearch() {
        UserProfile p = run(both, event(SEARCH, T0).query("Running Shoes"));

        assertThat(p.text()).isEqualTo(new TextSignals(0, 0.0,
                new DecayedScores(T0, Map.of("shoes", 0.75, "socks", 0.25))));
    }

    @Test
    void shouldDecayEarlierSearchesWithTheAffinityHalfLife() {
        Instant later = T0.plus(WEEK);

        UserProfile p = run(both, event(SEARCH, T0).query("running shoes"), event(SEARCH, later).query("running"));

        // 0.75 / 2 + 0.5 and 0.25 / 2 + 0.5
        assertThat(p.text().queryInterests()).isEqualTo(new DecayedScores(later, Map.of("shoes", 0.875, "socks", 0.625)));
    }

    @Test
    void shouldLeaveTheSignalsUntouchedForAnUnknownOrBlankQuery() {
        UserProfile before = run(both, event(SEARCH, T0).query("running shoes"));
        TextSignals signals = before.text();

        assertThat(both.apply(before, event(SEARCH, T0.plus(WEEK)).query("gardening gloves").build())).isSameAs(signals);
        assertThat(both.apply(before, event(SEARCH, T0.plus(WEEK)).query("  ").build())).isSameAs(signals);
        assertThat(both.apply(before, event(SEARCH, T0.plus(WEEK)).build())).isSameAs(signals);
    }

    @Test
    void shouldAverageThePolarityOfScoredReviews() {
        UserProfile p = run(both, event(REVIEW, T0).item("i1").review("great fit"),
                event(REVIEW, T0.plus(WEEK)).item("i2").review("too small"));

        // (0.5 + -0.75) / 2; reviews do not touch query interests
        assertThat(p.text()).isEqualTo(new TextSignals(2, -0.125, DecayedScores.empty()));
    }

    @Test
    void shouldIgnoreReviewsWithoutTextAndOtherEventTypes() {
        UserProfile p = run(both, event(REVIEW, T0).item("i1").rating(5), event(VIEW, T0).item("i1").query("running"));

        assertThat(p.text()).isEqualTo(TextSignals.empty());
    }

    @Test
    void shouldUseOnlyTheConfiguredModel() {
        ModelTextSignalStep queriesOnly = new ModelTextSignalStep(null, TestTextModels.queries(), ProfileSettings.defaults());
        ModelTextSignalStep sentimentOnly = new ModelTextSignalStep(TestTextModels.sentiment(), null, ProfileSettings.defaults());
        TestEvents[] events = {event(REVIEW, T0).item("i1").review("great fit"), event(SEARCH, T0).query("running")};

        assertThat(run(queriesOnly, events).text())
                .isEqualTo(new TextSignals(0, 0.0, new DecayedScores(T0, Map.of("shoes", 0.5, "socks", 0.5))));
        assertThat(run(sentimentOnly, events).text()).isEqualTo(new TextSignals(1, 0.5, DecayedScores.empty()));
    }

    @Test
    void shouldKeepTheSignalsWhenDisabled() {
        UserProfile withSignals = run(both, event(SEARCH, T0).query("running shoes"));

        assertThat(TextSignalStep.disabled().apply(withSignals, event(SEARCH, T0).query("wool").build()))
                .isSameAs(withSignals.text());
    }
}
