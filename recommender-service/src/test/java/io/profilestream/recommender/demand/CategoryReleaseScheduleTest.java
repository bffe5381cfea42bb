package io.profilestream.recommender.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.profilestream.model.dp.DifferentialPrivacyProperties;
import io.profilestream.model.dp.DpReleaser;
import io.profilestream.model.dp.InMemoryPrivacyBudgetLedger;
import io.profilestream.model.dp.LedgerEntry;
import io.profilestream.model.dp.MutableClock;
import io.profilestream.model.dp.PrivacyNote;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/** The hourly release of all categories: which hours, which cells, what is charged, and what happens when it cannot. */
class CategoryReleaseScheduleTest {

    static final Instant STARTED = Instant.parse("2025-03-15T10:05:00Z");
    static final Instant H10 = Instant.parse("2025-03-15T10:00:00Z");
    static final Instant H11 = Instant.parse("2025-03-15T11:00:00Z");
    /** Cap 5, grace 1h, two days of history. */
    static final DemandSettings SETTINGS = settings(0);
    /** So large an ε that the discrete Laplace noise is 0 with probability 1 - 1e-29: cells are the exact counts. */
    static final double NOISELESS = 1_000;

    final MutableClock clock = new MutableClock(STARTED);
    final InMemoryDemandQueries queries = new InMemoryDemandQueries();
    final Set<String> catalogue = Set.of("toys", "phones", "garden");
    final CategoryReleaseLog log = CategoryReleaseLog.inMemory();

    static DemandSettings settings(int backfillHours) {
        return new DemandSettings(5, Duration.ofHours(1), Duration.ofDays(35), 2, 48, true, null, backfillHours);
    }

    CategoryReleaseSchedule schedule(InMemoryPrivacyBudgetLedger ledger, DemandSettings settings, double epsilon) {
        return new CategoryReleaseSchedule(queries, () -> catalogue, log, new DpReleaser(ledger, new Random(42)),
                settings, epsilon, STARTED);
    }

    InMemoryPrivacyBudgetLedger ledger(double budget) {
        return new InMemoryPrivacyBudgetLedger(budget, Duration.ofDays(1), clock);
    }

    Instant at(String instant) {
        clock.set(Instant.parse(instant));
        return clock.instant();
    }

    @Test
    void shouldReleaseEveryCatalogueCategoryOfAClosedHourAsOneHistogramChargedOnce() {
        queries.put(DemandKind.CATEGORY, "phones", H10, new DemandCounts(7, 3, 1));
        queries.put(DemandKind.CATEGORY, "phones", H11, new DemandCounts(9, 9, 9));
        InMemoryPrivacyBudgetLedger ledger = ledger(24 * NOISELESS);

        CategoryReleaseSchedule.Run run = schedule(ledger, SETTINGS, NOISELESS).releaseDue(at("2025-03-15T12:00:00Z"));

        assertThat(run).isEqualTo(new CategoryReleaseSchedule.Run(List.of(H10), List.of(), null));
        assertThat(ledger.entries()).extracting(LedgerEntry::releaseName, LedgerEntry::epsilon)
                .containsExactly(tuple("demand-categories:2025-03-15T10:00:00Z", new BigDecimal("1000.0")));
        CategoryReleaseLog.HourRelease released = log.between(H10, H11.plus(Duration.ofHours(1))).get(H10);
        // Categories without demand are released too (as noise on 0), so being listed reveals nothing.
        assertThat(released.cells()).containsExactly(
                Map.entry("garden", DemandCounts.ZERO),
                Map.entry("phones", new DemandCounts(7, 3, 1)),
                Map.entry("toys", DemandCounts.ZERO));
        // One user changes one hour by at most the cap 5 per measure, over all categories together: 3 x 5.
        assertThat(released.note()).isEqualTo(new PrivacyNote(NOISELESS, "discrete-laplace", 15, 0.015,
                released.note().noiseStandardDeviation(), "dp-1"));
        assertThat(log.isReleased(H11)).isFalse();
    }

    @Test
    void shouldNotReleaseAnHourWithinItsGrace() {
        InMemoryPrivacyBudgetLedger ledger = ledger(24 * NOISELESS);
        CategoryReleaseSchedule schedule = schedule(ledger, SETTINGS, NOISELESS);

        // Hour 10:00 ends at 11:00 and takes late events until 12:00.
        assertThat(schedule.releaseDue(at("2025-03-15T11:59:59Z")).released()).isEmpty();
        assertThat(ledger.entries()).isEmpty();
        assertThat(schedule.releaseDue(at("2025-03-15T12:00:00Z")).released()).containsExactly(H10);
        assertThat(schedule.releaseDue(at("2025-03-15T12:59:59Z")).released()).isEmpty();
        assertThat(ledger.entries()).hasSize(1);
    }

    @Test
    void shouldReleaseOnlyHoursSinceStartUpMinusTheBackfill() {
        queries.put(DemandKind.CATEGORY, "phones", Instant.parse("2025-03-15T07:00:00Z"), new DemandCounts(4, 0, 0));
        InMemoryPrivacyBudgetLedger ledger = ledger(24 * NOISELESS);

        CategoryReleaseSchedule.Run run = schedule(ledger, settings(2), NOISELESS).releaseDue(at("2025-03-15T12:00:00Z"));

        // Start-up at 10:05 minus 2 hours: 08:00 on; 07:00 and the rest of the retained history are not paid for.
        assertThat(run.released()).containsExactly(Instant.parse("2025-03-15T08:00:00Z"),
                Instant.parse("2025-03-15T09:00:00Z"), H10);
        assertThat(ledger.entries()).hasSize(3);
        assertThat(log.isReleased(Instant.parse("2025-03-15T07:00:00Z"))).isFalse();
    }

    @Test
    void shouldLeaveHoursUnreleasedWhenTheLedgerRefusesAndReleaseThemAfterTheReset() {
        // Room for one hour a day; started at 20:05, so 20:00 and 21:00 are due at 23:30.
        InMemoryPrivacyBudgetLedger ledger = ledger(0.1);
        CategoryReleaseSchedule schedule = new CategoryReleaseSchedule(queries, () -> catalogue, log,
                new DpReleaser(ledger, new Random(42)), SETTINGS, 0.1, Instant.parse("2025-03-14T20:05:00Z"));
        Instant h20 = Instant.parse("2025-03-14T20:00:00Z");
        Instant h21 = Instant.parse("2025-03-14T21:00:00Z");
        Instant h22 = Instant.parse("2025-03-14T22:00:00Z");

        CategoryReleaseSchedule.Run refused = schedule.releaseDue(at("2025-03-14T23:30:00Z"));
        CategoryReleaseSchedule.Run again = schedule.releaseDue(at("2025-03-14T23:45:00Z"));

        assertThat(refused.released()).containsExactly(h20);
        assertThat(refused.unreleased()).containsExactly(h21);
        assertThat(refused.problem()).isEqualTo("privacy budget exhausted: release 'demand-categories:"
                + "2025-03-14T21:00:00Z' requests epsilon 0.1 but 0.1 of the budget of 0.1 per PT24H is spent (0 left); "
                + "the budget resets at 2025-03-15T00:00:00Z");
        assertThat(again.released()).isEmpty();
        assertThat(schedule.unreleasedHours()).isEqualTo(1);
        assertThat(ledger.entries()).hasSize(1);

        CategoryReleaseSchedule.Run nextDay = schedule.releaseDue(at("2025-03-15T00:30:00Z"));

        // Oldest first: 21:00 takes the new day's budget, 22:00 waits for the next.
        assertThat(nextDay.released()).containsExactly(h21);
        assertThat(nextDay.unreleased()).containsExactly(h22);
        assertThat(log.isReleased(h21)).isTrue();
        // The entries of the current period (the 15th) only.
        assertThat(ledger.entries()).extracting(LedgerEntry::releaseName)
                .containsExactly("demand-categories:2025-03-14T21:00:00Z");
    }

    @Test
    void shouldReserveTheEpsilonOfTheHoursLeftInThePeriodAndOfTheHoursNotReleasedYet() {
        InMemoryPrivacyBudgetLedger ledger = ledger(0.1);
        CategoryReleaseSchedule schedule = new CategoryReleaseSchedule(queries, () -> catalogue, log,
                new DpReleaser(ledger, new Random(42)), SETTINGS, 0.1, Instant.parse("2025-03-14T20:05:00Z"));
        Instant midnight = Instant.parse("2025-03-15T00:00:00Z");

        // 20:05: four hours (three and 55 minutes) left until the period ends, nothing unreleased.
        assertThat(schedule.reservedEpsilon(at("2025-03-14T20:05:00Z"), midnight)).isEqualTo(0.4, within(1e-12));
        // 23:30: 21:00 was refused (see above); 30 minutes left, plus that hour.
        schedule.releaseDue(at("2025-03-14T23:30:00Z"));
        assertThat(schedule.unreleasedHours()).isEqualTo(1);
        assertThat(schedule.reservedEpsilon(clock.instant(), midnight)).isEqualTo(0.2, within(1e-12));
        assertThat(schedule.reservedEpsilon(midnight, midnight)).isEqualTo(0.1, within(1e-12));
    }

    @Test
    void shouldLeaveHoursUnreleasedWhileTheStoreCannotBeRead() {
        InMemoryPrivacyBudgetLedger ledger = ledger(24 * NOISELESS);
        CategoryReleaseSchedule schedule = schedule(ledger, SETTINGS, NOISELESS);
        queries.unavailable(true);

        CategoryReleaseSchedule.Run unreadable = schedule.releaseDue(at("2025-03-15T12:00:00Z"));

        assertThat(unreadable).isEqualTo(new CategoryReleaseSchedule.Run(List.of(), List.of(H10),
                "the category store cannot be read: the demand-by-category store is not queryable yet (restoring or "
                        + "rebalancing)"));
        assertThat(ledger.entries()).isEmpty();

        queries.unavailable(false);
        assertThat(schedule.releaseDue(at("2025-03-15T12:01:00Z")).released()).containsExactly(H10);
        assertThat(schedule.problem()).isNull();
    }

    @Test
    void shouldReleaseOnlyTheCategoriesThisInstanceOwns() {
        queries.ownedBy(DemandKind.CATEGORY, "toys", new HostInfo("10.0.0.2", 8084));
        InMemoryPrivacyBudgetLedger ledger = ledger(24 * NOISELESS);

        schedule(ledger, SETTINGS, NOISELESS).releaseDue(at("2025-03-15T12:00:00Z"));

        assertThat(log.between(H10, H11).get(H10).cells()).containsOnlyKeys("garden", "phones");
    }

    @Test
    void shouldForgetReleasedHoursOlderThanTheHistory() {
        InMemoryPrivacyBudgetLedger ledger = ledger(24 * NOISELESS);
        CategoryReleaseSchedule schedule = schedule(ledger, SETTINGS, NOISELESS);
        schedule.releaseDue(at("2025-03-15T12:00:00Z"));

        // Two days of history from the current hour 2025-03-17T11:00: hour 10:00 of the 15th is out.
        schedule.releaseDue(at("2025-03-17T11:00:00Z"));

        assertThat(log.isReleased(H10)).isFalse();
        assertThat(log.isReleased(H11)).isTrue();
    }

    @Test
    void shouldTakeTheBudgetOverTwentyFourHoursAsTheDefaultHourlyEpsilon() {
        DifferentialPrivacyProperties dp = new DifferentialPrivacyProperties(1.0, Duration.ofDays(1), "", 0.1);

        assertThat(CategoryReleaseSchedule.hourlyEpsilon(SETTINGS, dp)).isEqualTo(1.0 / 24);
        assertThat(CategoryReleaseSchedule.hourlyEpsilon(withHourlyEpsilon(0.04), dp)).isEqualTo(0.04);
    }

    @Test
    void shouldRefuseAnHourlyEpsilonWhoseDayExceedsTheBudget() {
        DifferentialPrivacyProperties dp = new DifferentialPrivacyProperties(1.0, Duration.ofDays(1), "", 0.1);

        assertThatThrownBy(() -> CategoryReleaseSchedule.hourlyEpsilon(withHourlyEpsilon(0.05), dp))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("profilestream.demand.hourly-epsilon (0.05) times the 24 hourly category releases of one "
                        + "budget period (profilestream.dp.period PT24H) is 1.2, more than profilestream.dp.budget-epsilon "
                        + "(1.0): the rule is hourly-epsilon × 24 <= budget-epsilon, so set hourly-epsilon to at most "
                        + "0.041666666666666664 or leave it unset for that");
    }

    static DemandSettings withHourlyEpsilon(double epsilon) {
        return new DemandSettings(5, Duration.ofHours(1), Duration.ofDays(35), 2, 48, true, epsilon, 0);
    }
}
