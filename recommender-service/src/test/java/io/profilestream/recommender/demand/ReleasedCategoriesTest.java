package io.profilestream.recommender.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.profilestream.model.dp.PrivacyNote;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Categories answered from the scheduled releases: only released hours, and which forecast they allow. */
class ReleasedCategoriesTest {

    /** Current hour 12:00; the newest closed hour past its grace is 10:00. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-15T12:34:56Z"), ZoneOffset.UTC);
    static final Instant LAST = Instant.parse("2025-03-15T10:00:00Z");
    /** Three days of history: 72 hours. */
    static final DemandSettings SETTINGS = new DemandSettings(5, Duration.ofHours(1), Duration.ofDays(35), 3, 48, true,
            null, 0);

    final CategoryReleaseLog log = CategoryReleaseLog.inMemory();
    final InMemoryDemandQueries queries = new InMemoryDemandQueries();
    final DemandService service = new DemandService(queries, DemandReleases.exact(SETTINGS), SETTINGS, CLOCK,
            (kind, id) -> true, log);

    /** Releases {@code hours} hours ending at LAST, views = hour of day mod 4, as if without noise. */
    void release(int hours, Instant last) {
        for (int i = hours - 1; i >= 0; i--) {
            Instant hour = last.minus(Duration.ofHours(i));
            long views = hour.atZone(ZoneOffset.UTC).getHour() % 4;
            log.add(new CategoryReleaseLog.HourRelease(hour,
                    new PrivacyNote(0.1, "discrete-laplace", 15, 150.0, 212.1, "dp-" + hour.getEpochSecond()),
                    Map.of("phones", new DemandCounts(views, 0, 0), "garden", DemandCounts.ZERO)));
        }
    }

    DemandResponse phones(int horizonHours) {
        return ((DemandService.Outcome.Answered) service.demand(DemandKind.CATEGORY, "phones", horizonHours)).response();
    }

    @Test
    void shouldFitHoltWintersOnTwoDaysOfReleasedHoursWithTheSeasonAlignedToTheCurrentHour() {
        release(50, LAST);

        DemandResponse answer = phones(3);

        assertThat(answer.history()).hasSize(50);
        assertThat(answer.history().get(49).hour()).isEqualTo(LAST);
        DemandResponse.MeasureForecast views = answer.forecast().measures().get("views");
        assertThat(views.method()).isEqualTo("holt-winters(m=24)");
        // The model steps over the unreleased 11:00, so 12:00, 13:00, 14:00 get the pattern's 0, 1, 2.
        assertThat(views.hours()).extracting(DemandResponse.ForecastHour::hour).containsExactly(
                Instant.parse("2025-03-15T12:00:00Z"), Instant.parse("2025-03-15T13:00:00Z"),
                Instant.parse("2025-03-15T14:00:00Z"));
        assertThat(views.hours().get(0).mean()).isCloseTo(0.0, within(1e-9));
        assertThat(views.hours().get(1).mean()).isCloseTo(1.0, within(1e-9));
        assertThat(views.hours().get(2).mean()).isCloseTo(2.0, within(1e-9));
        assertThat(answer.privacy().releasedHours()).isEqualTo(50);
        assertThat(answer.privacy().unreleasedHours()).isEqualTo(22);
        assertThat(answer.privacy().note()).isEqualTo("differentially private: each user contributes at most 5 per "
                + "measure and hour across all categories; all categories are released together once per closed hour "
                + "with discrete Laplace noise and kept, so requests spend no privacy budget; 50 of the 72 hours of the "
                + "history are released, the other 22 are not (not closed yet, or not released by this instance); the "
                + "hours shown cost epsilon 5 in 50 release(s); the forecast is holt-winters(m=24) fitted on the last "
                + "50 consecutive released hour(s); negative noisy counts are shown as 0");
    }

    @Test
    void shouldFallBackToHoltOnFewerThanTwoDaysOfReleasedHoursAndSaySo() {
        release(3, LAST);

        DemandResponse answer = phones(2);

        assertThat(answer.history()).extracting(DemandResponse.Hour::views).containsExactly(0L, 1L, 2L);
        assertThat(answer.forecast().measures().get("units").method()).isEqualTo("holt");
        assertThat(answer.privacy().releases()).hasSize(3);
        assertThat(answer.privacy().note()).contains("the forecast is holt fitted on the last 3 consecutive released "
                + "hour(s) (Holt-Winters needs 48)");
    }

    @Test
    void shouldFitOnlyTheNewestRunOfConsecutiveReleasedHours() {
        release(30, LAST.minus(Duration.ofHours(5)));
        release(2, LAST);

        DemandResponse answer = phones(1);

        assertThat(answer.history()).hasSize(32);
        assertThat(answer.forecast().measures().get("views").method()).isEqualTo("ses");
        assertThat(answer.privacy().note()).contains("fitted on the last 2 consecutive released hour(s)");
    }

    @Test
    void shouldAnswerAnEmptyHistoryWithoutForecastBeforeAnyHourIsReleased() {
        DemandResponse answer = phones(24);

        assertThat(answer.history()).isEmpty();
        assertThat(answer.forecast().measures()).isEmpty();
        assertThat(answer.forecast().horizonHours()).isEqualTo(24);
        assertThat(answer.privacy().releasedHours()).isZero();
        assertThat(answer.privacy().unreleasedHours()).isEqualTo(72);
        assertThat(answer.privacy().note()).contains("0 of the 72 hours of the history are released",
                "no forecast: no hour is released yet");
    }

    @Test
    void shouldLeaveOutHoursReleasedBeforeTheCategoryWasInTheCatalogue() {
        release(2, LAST);
        log.add(new CategoryReleaseLog.HourRelease(Instant.parse("2025-03-15T11:00:00Z"),
                new PrivacyNote(0.1, "discrete-laplace", 15, 150.0, 212.1, "dp-x"), Map.of("garden", DemandCounts.ZERO)));

        assertThat(phones(1).history()).extracting(DemandResponse.Hour::hour)
                .containsExactly(LAST.minus(Duration.ofHours(1)), LAST);
    }
}
