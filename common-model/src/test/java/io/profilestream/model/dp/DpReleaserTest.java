package io.profilestream.model.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DpReleaserTest {

    private static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");
    private static final List<String> CATEGORIES = List.of("books", "garden", "kitchen", "shoes", "toys");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryPrivacyBudgetLedger ledger = new InMemoryPrivacyBudgetLedger(1.0, Duration.ofDays(1), clock);
    private final DpReleaser releaser = new DpReleaser(ledger, new SplittableRandom(42));

    @Test
    void shouldChargeTheLedgerOnceForAWholeHistogramAndNoiseEveryCell() {
        Map<String, Long> exact = Map.of("books", 120L, "garden", 7L, "kitchen", 0L, "shoes", 55L, "toys", 3L);

        NoisyHistogram<String> released = releaser.histogram("category-demand", CATEGORIES, exact, 2, 0.5);

        assertThat(ledger.entries()).containsExactly(new LedgerEntry(1, "category-demand", new BigDecimal("0.5"), T0));
        assertThat(ledger.spent()).isEqualTo(0.5);
        assertThat(released.values().keySet()).containsExactlyElementsOf(CATEGORIES);
        assertThat(released.rawValues().keySet()).containsExactlyElementsOf(CATEGORIES);
        double q = Math.exp(-1.0 / 4);
        assertThat(released.note()).isEqualTo(new PrivacyNote(0.5, "discrete-laplace", 2, 4.0,
                DiscreteLaplace.withScale(4, 1).standardDeviation(), "dp-1"));
        assertThat(released.note().noiseStandardDeviation()).isCloseTo(Math.sqrt(2 * q) / (1 - q), within(1e-12));
        released.rawValues().forEach((k, raw) -> assertThat(released.values().get(k)).isEqualTo(Math.max(0, raw)));
    }

    @Test
    void shouldUseTheKeysOfTheExactCountsAsTheDomainWhenNoDomainIsGiven() {
        Map<String, Long> exact = new LinkedHashMap<>();
        exact.put("toys", 10L);
        exact.put("books", 0L);

        NoisyHistogram<String> released = releaser.histogram("category-demand", exact, 1, 0.25);

        assertThat(released.values().keySet()).containsExactly("toys", "books");
        assertThat(ledger.entries()).hasSize(1);
    }

    @Test
    void shouldGiveDomainKeysWithoutDataANoisyZeroAndRefuseKeysOutsideTheDomain() {
        NoisyHistogram<String> released = releaser.histogram("category-demand", CATEGORIES, Map.of("toys", 4L), 1, 0.5);
        assertThat(released.values()).containsOnlyKeys(CATEGORIES);

        assertThatThrownBy(() -> releaser.histogram("category-demand", CATEGORIES,
                Map.of("toys", 4L, "someones-private-search", 1L, "another", 2L), 1, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("2 key(s) of the exact counts are not in the public domain; "
                        + "releasing them would reveal that someone produced them");
        assertThat(ledger.entries()).hasSize(1);
    }

    @Test
    void shouldNotChargeTheBudgetForAReleaseItRefusesAsInvalid() {
        assertThatThrownBy(() -> releaser.count("active-users", -1, 1, 0.1)).hasMessage("a count cannot be negative, got -1");
        assertThatThrownBy(() -> releaser.count("active-users", 5, 0, 0.1)).hasMessage("the sensitivity must be at least 1, got 0");
        assertThatThrownBy(() -> releaser.histogram("h", List.of(), Map.of(), 1, 0.1))
                .hasMessage("a histogram needs a non-empty public domain of keys");
        assertThatThrownBy(() -> releaser.histogram("h", List.of("a"), Map.of("a", -3L), 1, 0.1))
                .hasMessage("histogram counts must be non-negative numbers, got -3");
        assertThat(ledger.entries()).isEmpty();
    }

    @Test
    void shouldRefuseAReleaseThatExceedsTheBudgetAndReleaseNothing() {
        NoisyCount first = releaser.count("active-users", 1_000, 1, 0.6);
        assertThat(first.note().receiptId()).isEqualTo("dp-1");

        assertThatThrownBy(() -> releaser.histogram("category-demand", CATEGORIES, Map.of(), 1, 0.5))
                .isInstanceOf(PrivacyBudgetExhaustedException.class)
                .hasMessage("privacy budget exhausted: release 'category-demand' requests epsilon 0.5 but 0.6 of the "
                        + "budget of 1 per PT24H is spent (0.4 left); the budget resets at 2026-12-01T00:00:00Z");
        assertThat(ledger.entries()).extracting(LedgerEntry::releaseName).containsExactly("active-users");
    }

    @Test
    void shouldClampNegativeNoisyCountsAtZeroAndKeepTheUnbiasedRawValue() {
        DpReleaser generous = new DpReleaser(new InMemoryPrivacyBudgetLedger(1e9, Duration.ofDays(1), clock),
                new SplittableRandom(5));
        int releases = 20_000;
        int negative = 0;
        long rawSum = 0;
        for (int i = 0; i < releases; i++) {
            NoisyCount count = generous.count("zero-count", 0, 1, 1.0);
            assertThat(count.value()).isEqualTo(Math.max(0, count.rawValue()));
            if (count.rawValue() < 0) {
                negative++;
            }
            rawSum += count.rawValue();
        }
        // P(noise < 0) = q / (1 + q) with q = e^-1; 5 binomial standard errors (0.0157 at 20,000 releases).
        double q = Math.exp(-1);
        double p = q / (1 + q);
        assertThat((double) negative / releases).isCloseTo(p, within(5 * Math.sqrt(p * (1 - p) / releases)));
        // The raw values stay unbiased: mean within 5 standard errors of the exact count 0.
        double sd = DiscreteLaplace.forEpsilon(1, 1.0).standardDeviation();
        assertThat((double) rawSum / releases).isCloseTo(0, within(5 * sd / Math.sqrt(releases)));
    }

    @Test
    void shouldReleaseAClampedSumInTheUnitOfTheValues() {
        ClampedSum prices = ClampedSum.of(0, 100, 0.01, 1).add(19.99).add(250).add(5.5);

        NoisySum released = releaser.sum("mean-price-numerator", prices, 0.5);

        assertThat(released.value()).isEqualTo(BigDecimal.valueOf(released.noisyUnits()).movePointLeft(2).doubleValue());
        // Sensitivity 100.00 in cents = 10,000 units; scale 10,000 / 0.5 units = 200 (currency).
        assertThat(released.note().sensitivity()).isEqualTo(10_000);
        assertThat(released.note().noiseScale()).isCloseTo(200.0, within(1e-9));
        assertThat(released.lower()).isEqualTo(0.0);
        assertThat(released.upper()).isEqualTo(100.0);
        assertThat(ledger.entries()).extracting(LedgerEntry::epsilon).containsExactly(new BigDecimal("0.5"));
    }

    @Test
    void shouldDivideANoisySumByANoisyCountIntoAMeanWithinTheBounds() {
        PrivacyNote note = new PrivacyNote(0.5, "discrete-laplace", 1, 2, 2.5, "dp-1");
        NoisySum sum = new NoisySum(250.0, 25_000, 0, 100, note);

        assertThat(sum.meanWith(new NoisyCount(10, 10, note))).isEqualTo(OptionalDouble.of(25.0));
        assertThat(sum.meanWith(new NoisyCount(2, 2, note))).isEqualTo(OptionalDouble.of(100.0));
        assertThat(sum.meanWith(new NoisyCount(0, -1, note))).isEmpty();
    }

    @Test
    void shouldDescribeTheReleaseForADashboard() {
        PrivacyNote note = new PrivacyNote(0.5, "discrete-laplace", 2, 4.0, 5.5, "dp-7");

        assertThat(note.describe()).isEqualTo("Differentially private (epsilon 0.5, discrete-laplace noise with standard "
                + "deviation 5.50, ledger receipt dp-7); values may differ from the exact ones.");
    }
}
