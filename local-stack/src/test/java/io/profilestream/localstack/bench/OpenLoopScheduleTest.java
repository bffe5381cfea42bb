package io.profilestream.localstack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The open-loop schedule's arithmetic: when each request is due, and how many a run sends. */
class OpenLoopScheduleTest {

    @Test
    void shouldDueBatchesOfTenAt1000EventsPerSecondEveryTenMilliseconds() {
        long period = OpenLoopLoad.periodNanos(1000.0 / 10);

        assertThat(period).isEqualTo(10_000_000L);
        assertThat(OpenLoopLoad.intendedNanos(5_000, 0, period)).isEqualTo(5_000L);
        assertThat(OpenLoopLoad.intendedNanos(5_000, 3, period)).isEqualTo(30_005_000L);
        assertThat(OpenLoopLoad.count(1000.0 / 10, Duration.ofSeconds(20))).isEqualTo(2_000L);
    }

    @Test
    void shouldKeepTheScheduleForRatesThatDoNotDivideASecond() {
        long period = OpenLoopLoad.periodNanos(3);

        assertThat(period).isEqualTo(333_333_333L);
        assertThat(OpenLoopLoad.intendedNanos(0, 3, period)).isEqualTo(999_999_999L);
        assertThat(OpenLoopLoad.count(3, Duration.ofSeconds(10))).isEqualTo(30L);
    }

    @Test
    void shouldRefuseARateThatIsNotPositive() {
        assertThatThrownBy(() -> OpenLoopLoad.periodNanos(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rate must be > 0: 0.0");
        assertThatThrownBy(() -> OpenLoopLoad.periodNanos(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldTurnCommittedOffsetsIntoRecordsPerSecond() {
        assertThat(LoadStep.perSecond(java.util.Map.of("privacy-filter", 1_000L, "recommender-service", 500L),
                java.util.Map.of("privacy-filter", 21_000L, "recommender-service", 18_500L), 20.0))
                .containsOnly(java.util.Map.entry("privacy-filter", 1_000.0), java.util.Map.entry("recommender-service", 900.0));
    }
}
