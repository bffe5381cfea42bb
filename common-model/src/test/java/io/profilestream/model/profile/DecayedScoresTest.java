package io.profilestream.model.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DecayedScoresTest {

    private static final Duration WEEK = Duration.ofDays(7);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void shouldHalveOlderScoresAfterOneHalfLife() {
        DecayedScores s = DecayedScores.empty()
                .add("shoes", 1.0, T0, WEEK, 10)
                .add("shoes", 1.0, T0.plus(WEEK), WEEK, 10);

        assertThat(s.asOf()).isEqualTo(T0.plus(WEEK));
        assertThat(s.scores().get("shoes")).isCloseTo(1.5, within(1e-12));
    }

    @Test
    void shouldGiveTheSameScoresWhateverTheArrivalOrder() {
        DecayedScores inOrder = DecayedScores.empty()
                .add("a", 2.0, T0, WEEK, 10)
                .add("b", 1.0, T0.plus(Duration.ofDays(3)), WEEK, 10);
        DecayedScores outOfOrder = DecayedScores.empty()
                .add("b", 1.0, T0.plus(Duration.ofDays(3)), WEEK, 10)
                .add("a", 2.0, T0, WEEK, 10);

        assertThat(outOfOrder.asOf()).isEqualTo(inOrder.asOf());
        assertThat(outOfOrder.scores().get("a")).isCloseTo(inOrder.scores().get("a"), within(1e-12));
        assertThat(outOfOrder.scores().get("b")).isEqualTo(1.0);
    }

    @Test
    void shouldKeepOnlyTheHighestScoringKeys() {
        DecayedScores s = DecayedScores.empty()
                .add("a", 3.0, T0, WEEK, 2)
                .add("b", 1.0, T0, WEEK, 2)
                .add("c", 2.0, T0, WEEK, 2);

        assertThat(s.scores()).containsOnlyKeys("a", "c");
    }

    @Test
    void shouldExpressSharesThatSumToOne() {
        DecayedScores s = DecayedScores.empty()
                .add("a", 3.0, T0, WEEK, 10)
                .add("b", 1.0, T0, WEEK, 10);

        assertThat(s.shares()).containsEntry("a", 0.75).containsEntry("b", 0.25);
        assertThat(s.topShares(1)).containsOnlyKeys("a");
    }
}
