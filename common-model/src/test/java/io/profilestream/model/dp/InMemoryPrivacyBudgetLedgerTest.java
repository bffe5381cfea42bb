package io.profilestream.model.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryPrivacyBudgetLedgerTest {

    private static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryPrivacyBudgetLedger ledger = new InMemoryPrivacyBudgetLedger(1.0, Duration.ofDays(1), clock);

    @Test
    void shouldReturnAReceiptWithTheSpentAndRemainingBudget() {
        LedgerReceipt first = ledger.charge("segment-sizes", 0.3);
        clock.advance(Duration.ofMinutes(5));
        LedgerReceipt second = ledger.charge("category-demand", 0.25);

        assertThat(first).isEqualTo(new LedgerReceipt("dp-1", "segment-sizes", 0.3, T0, 0.3, 0.7,
                Instant.parse("2026-12-01T00:00:00Z")));
        assertThat(second).isEqualTo(new LedgerReceipt("dp-2", "category-demand", 0.25, T0.plusSeconds(300), 0.55, 0.45,
                Instant.parse("2026-12-01T00:00:00Z")));
        assertThat(ledger.entries()).containsExactly(
                new LedgerEntry(1, "segment-sizes", new BigDecimal("0.3"), T0),
                new LedgerEntry(2, "category-demand", new BigDecimal("0.25"), T0.plusSeconds(300)));
    }

    @Test
    void shouldRefuseAChargeThatWouldExceedTheBudgetWithTheExactMessage() {
        ledger.charge("segment-sizes", 0.3);
        ledger.charge("category-demand", 0.4);

        assertThatThrownBy(() -> ledger.charge("dashboard-counts", 0.5))
                .isInstanceOfSatisfying(PrivacyBudgetExhaustedException.class, e -> {
                    assertThat(e.releaseName()).isEqualTo("dashboard-counts");
                    assertThat(e.budget()).isEqualTo(1.0);
                    assertThat(e.spent()).isEqualTo(0.7);
                    assertThat(e.requested()).isEqualTo(0.5);
                    assertThat(e.period()).isEqualTo(Duration.ofDays(1));
                    assertThat(e.resetsAt()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
                })
                .hasMessage("privacy budget exhausted: release 'dashboard-counts' requests epsilon 0.5 but 0.7 of the "
                        + "budget of 1 per PT24H is spent (0.3 left); the budget resets at 2026-12-01T00:00:00Z");
        assertThat(ledger.spent()).isEqualTo(0.7);
        assertThat(ledger.entries()).hasSize(2);
        assertThat(PrivacyBudgetExhaustedException.PROBLEM_TYPE).isEqualTo("urn:profilestream:problem:privacy-budget-exhausted");
        assertThat(PrivacyBudgetExhaustedException.SUGGESTED_STATUS).isEqualTo(429);
    }

    @Test
    void shouldSpendTheBudgetExactlyWithTenChargesOfOneTenth() {
        for (int i = 0; i < 10; i++) {
            ledger.charge("tile-" + i, 0.1);
        }

        // In doubles 0.1 added ten times is 0.9999999999999999; the ledger adds decimals exactly.
        assertThat(ledger.spent()).isEqualTo(1.0);
        assertThat(ledger.remaining()).isEqualTo(0.0);
        assertThatThrownBy(() -> ledger.charge("tile-10", 1e-9)).isInstanceOf(PrivacyBudgetExhaustedException.class);
    }

    @Test
    void shouldRefuseAReleaseLargerThanTheWholeBudget() {
        assertThatThrownBy(() -> ledger.charge("everything", 1.5))
                .hasMessage("privacy budget exhausted: release 'everything' requests epsilon 1.5 but 0 of the budget of 1 "
                        + "per PT24H is spent (1 left); the budget resets at 2026-12-01T00:00:00Z");
    }

    @Test
    void shouldStartWithTheFullBudgetInTheNextPeriodAndKeepNumberingReceipts() {
        ledger.charge("segment-sizes", 1.0);
        clock.set(Instant.parse("2026-11-30T23:59:59.999Z"));
        assertThat(ledger.remaining()).isEqualTo(0.0);

        clock.set(Instant.parse("2026-12-01T00:00:00Z"));

        assertThat(ledger.spent()).isEqualTo(0.0);
        assertThat(ledger.entries()).isEmpty();
        assertThat(ledger.periodEndsAt()).isEqualTo(Instant.parse("2026-12-02T00:00:00Z"));
        assertThat(ledger.charge("segment-sizes", 1.0).id()).isEqualTo("dp-2");
    }

    @Test
    void shouldAlignPeriodsToTheEpoch() {
        InMemoryPrivacyBudgetLedger hourly = new InMemoryPrivacyBudgetLedger(1.0, Duration.ofHours(6), clock);

        assertThat(hourly.periodEndsAt()).isEqualTo(Instant.parse("2026-11-30T12:00:00Z"));
    }

    @Test
    void shouldNotRefillTheBudgetWhenTheClockIsSetBack() {
        ledger.charge("segment-sizes", 0.8);
        clock.set(Instant.parse("2026-11-29T23:00:00Z"));

        assertThat(ledger.spent()).isEqualTo(0.8);
        assertThatThrownBy(() -> ledger.charge("again", 0.5)).isInstanceOf(PrivacyBudgetExhaustedException.class);
    }

    @Test
    void shouldRefuseBadArguments() {
        assertThatThrownBy(() -> ledger.charge(" ", 0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a release needs a name");
        assertThatThrownBy(() -> ledger.charge("x", 0)).hasMessage("epsilon must be a positive finite number, got 0.0");
        assertThatThrownBy(() -> ledger.charge("x", Double.NaN)).hasMessage("epsilon must be a positive finite number, got NaN");
        assertThatThrownBy(() -> new InMemoryPrivacyBudgetLedger(0, Duration.ofDays(1), clock))
                .hasMessage("the privacy budget must be a positive finite epsilon, got 0.0");
        assertThatThrownBy(() -> new InMemoryPrivacyBudgetLedger(1, Duration.ofMillis(10), clock))
                .hasMessage("the privacy budget period must be at least 1s, got PT0.01S");
    }

    @Test
    void shouldNeverExceedTheBudgetUnderConcurrentCharges() throws Exception {
        List<LedgerReceipt> accepted = LedgerConcurrency.chargeConcurrently(ledger, 8, 50, 0.01);

        assertThat(accepted).hasSize(100);
        assertThat(ledger.spent()).isEqualTo(1.0);
        assertThat(ledger.entries()).extracting(LedgerEntry::sequence)
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 100).boxed().toList());
    }
}
